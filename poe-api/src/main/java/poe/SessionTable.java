package poe;

import java.util.LinkedHashSet;
import java.util.List;

import poe.internal.LongMap;

/** Live sessions by ID, and the kernel's own children (POE::Resource::Sessions + SIDs). */
final class SessionTable {

    private final LongMap<Session> byId = new LongMap<>();
    private final LinkedHashSet<Session> roots = new LinkedHashSet<>();
    private long nextId = 1;

    long nextId() {
        return nextId++;
    }

    void add(Session s) {
        byId.put(s.id, s);
    }

    void remove(Session s) {
        byId.remove(s.id);
    }

    Session byId(long id) {
        return byId.get(id);
    }

    int count() {
        return byId.size();
    }

    /** The kernel's children. */
    LinkedHashSet<Session> roots() {
        return roots;
    }

    /** A snapshot of every live session. */
    List<Session> all() {
        return byId.values();
    }
}
