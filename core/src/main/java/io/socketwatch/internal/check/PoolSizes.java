package io.socketwatch.internal.check;

import io.socketwatch.model.ClientResource;
import io.socketwatch.model.SocketActivity;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * What the window's client resources tell about the pools behind an endpoint. A resource is matched to an endpoint
 * by the port its target names (a URL, a JDBC URL, a route): a heuristic, since a target without a port (a default
 * port) names none, and two hosts on one port are not told apart.
 */
public final class PoolSizes {

    private PoolSizes() {
    }

    /** Returns the largest maximum size of the pools, read by a client integration, whose targets name {@code port}. */
    public static OptionalInt maximumTo(SocketActivity activity, int port) {
        return activity.resources().stream()
                .filter(resource -> resource.poolMaximumSize().isPresent() && namesPort(resource, port))
                .mapToInt(resource -> resource.poolMaximumSize().getAsInt())
                .max();
    }

    /** Whether {@code resource}'s target names {@code port}, as {@code host:port}. */
    public static boolean namesPort(ClientResource resource, int port) {
        return Pattern.compile(":" + port + "(?![0-9])").matcher(resource.target()).find();
    }
}
