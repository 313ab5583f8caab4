package io.socketwatch.internal.tracker;

import io.socketwatch.model.BuiltClient;

/**
 * A client or connection pool the application built, as the tracker keeps it: the connections it opens point to it.
 *
 * @param type as {@link BuiltClient#type()} names it
 */
record ClientBuild(long id, String type, CapturedSite site) {

    BuiltClient snapshot() {
        return new BuiltClient(id, type, site.resolve());
    }
}
