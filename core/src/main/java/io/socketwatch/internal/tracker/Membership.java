package io.socketwatch.internal.tracker;

import io.socketwatch.model.TcpConnection.Origin;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The connections and client resources of one window: those handed to it while it records, up to its cap (more are
 * only counted), and its baseline, the connections open when it started, with their counters then. Adds come from any
 * thread, but rarely, and most windows see none, so the lists are made by the first add: a window that sees nothing
 * allocates neither.
 */
final class Membership {

    /** A connection of the window; {@code before}: a baseline connection's counters when the window started. */
    record Member(TrackedConnection connection, Origin origin, TrackedConnection.Counters before) {

        Member(TrackedConnection connection, Origin origin) {
            this(connection, origin, null);
        }
    }

    private static final Comparator<Member> BY_ID = Comparator.comparingLong(member -> member.connection().id);

    private final int maxConnections;
    /** The connections open when the window started, with their counters then; fixed once constructed. */
    private final List<Member> baseline;
    // guarded by this
    private List<Member> members = List.of();
    private List<TrackedResource> resources = List.of();
    /** Connections and resources counted past {@link #maxConnections}, not kept. */
    private long dropped;

    /** Takes the baseline: {@code openNow}'s connections and their counters now. */
    Membership(Collection<TrackedConnection> openNow, int maxConnections) {
        this.maxConnections = maxConnections;
        List<Member> open = new ArrayList<>(openNow.size());
        for (TrackedConnection connection : openNow) {
            open.add(new Member(connection, Origin.BASELINE, connection.counters()));
        }
        this.baseline = open;
    }

    /** Adds a connection; past the cap it is only counted. */
    void add(TrackedConnection connection, Origin origin) {
        add(new Member(connection, origin));
    }

    /**
     * Adds a baseline connection found after the window started (adopted: opened before the agent was installed), with
     * its counters now; past the cap it is only counted.
     */
    void addBaseline(TrackedConnection connection) {
        add(new Member(connection, Origin.BASELINE, connection.counters()));
    }

    private synchronized void add(Member member) {
        if (isFull()) {
            dropped++;
        } else {
            if (members.isEmpty()) {
                members = new ArrayList<>();
            }
            members.add(member);
        }
    }

    /** Adds a client-level resource, which the window then asks about; past the cap it is only counted. */
    synchronized void addResource(TrackedResource resource) {
        if (isFull()) {
            dropped++;
        } else {
            resource.heldBy();
            if (resources.isEmpty()) {
                resources = new ArrayList<>();
            }
            resources.add(resource);
        }
    }

    private boolean isFull() {
        return members.size() + resources.size() >= maxConnections;
    }

    /**
     * Returns, in a new list ordered by id, the connections added so far and the baseline's that were used or closed
     * since the window started.
     */
    List<Member> connections() {
        List<Member> all = new ArrayList<>();
        for (Member open : baseline) {
            TrackedConnection connection = open.connection();
            if (!connection.isOpen() || !connection.counters().equals(open.before())) { // used or closed in it
                all.add(open);
            }
        }
        all.addAll(members());
        all.sort(BY_ID);
        return all;
    }

    private synchronized List<Member> members() {
        return members.isEmpty() ? List.of() : List.copyOf(members);
    }

    /** Returns the resources added so far, in the order they were added. */
    synchronized List<TrackedResource> resources() {
        return resources.isEmpty() ? List.of() : List.copyOf(resources);
    }

    /** Returns how many connections and resources were counted past the cap, not kept. */
    synchronized long dropped() {
        return dropped;
    }
}
