package io.socketwatch.internal.tracker;

import io.socketwatch.model.ClientResource;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The client-level resources the application holds (OkHttp calls, Apache HttpClient leases, Reactor Netty's pooled
 * connections), from their acquisition in
 * a window to their release, by resource object, held weakly. JDBC connections send no release event: they go to
 * their windows only, which ask them whether they are closed.
 */
final class ClientResources {

    private final ConcurrentHashMap<Object, TrackedResource> held = new ConcurrentHashMap<>();
    private final ReferenceQueue<Object> collected = new ReferenceQueue<>();
    private final AtomicLong ids;
    private final Clock clock;

    /** @param ids the sequence resource ids are taken from, shared with the connections' */
    ClientResources(AtomicLong ids, Clock clock) {
        this.ids = ids;
        this.clock = clock;
    }

    /**
     * Follows {@code resource}, just handed to the application, for {@code windows}, each of which it is added to.
     *
     * @param kindName the kind's name, as {@code ClientResource.Kind} spells it
     * @param source   the library object that tells the resource's target (see {@link ClientTargets})
     * @param windows  the windows recording it, not empty: the acquiring thread's alone, or every open one
     */
    void acquired(Object resource, String kindName, Object source, List<InstrumentedRecording> windows) {
        acquired(resource, kindName, source, OpeningSites.capture(), windows);
    }

    /** As {@link #acquired(Object, String, Object, List)}, obtained at {@code site}, captured earlier. */
    void acquired(Object resource, String kindName, Object source, CapturedSite site,
                  List<InstrumentedRecording> windows) {
        Reference<?> gone;
        while ((gone = collected.poll()) != null) {
            held.remove(gone);
        }
        ClientResource.Kind kind = ClientResource.Kind.valueOf(kindName);
        TrackedResource tracked = new TrackedResource(ids.incrementAndGet(), kind,
                Secrets.redact(ClientTargets.of(kind, resource, source)), site, clock.instant(),
                ClientTargets.poolMaximumSize(kind, source), ClientTargets.poolKey(kind, source),
                new SocketKey.Weak(resource, collected), windows.size() == 1 ? windows.get(0) : null);
        if (!tracked.isJdbc()) { // JDBC connections send no release event: they are asked instead
            held.put(tracked.key, tracked);
        }
        windows.forEach(each -> each.addResource(tracked));
    }

    /** Returns the record of {@code resource} while the application holds it, or {@code null}. */
    TrackedResource held(Object resource) {
        return held.get(SocketKey.probe(resource));
    }

    void released(Object resource) {
        TrackedResource tracked = held.remove(SocketKey.probe(resource));
        if (tracked != null) {
            tracked.onRelease();
        }
    }

    /** As {@link #released}; the pool tells first how many connections the resource's target may have. */
    void releasedTo(Object resource, Object pool) {
        TrackedResource tracked = held.remove(SocketKey.probe(resource));
        if (tracked != null) {
            tracked.poolMaximum(ClientTargets.maximumPerRoute(pool, tracked.poolKey));
            tracked.onRelease();
        }
    }
}
