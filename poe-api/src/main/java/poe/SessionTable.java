package poe;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

import poe.internal.LongMap;

/**
 * Live sessions by ID and the next ID to give (POE::Resource::SIDs), and the kernel's own children (the roots of
 * the session tree, kept here for {@link Sessions}). Loop thread only.
 *
 * <pre>{@code
 * Session s = sids.byId(42);
 * }</pre>
 */
final class SessionTable implements Resource {

    private final LongMap<Session> byId = new LongMap<>();
    private final LinkedHashSet<Session> roots = new LinkedHashSet<>();
    private long nextId = 1;

    long nextId() {
        return nextId++;
    }

    void add(Session s) {
        byId.put(s.id, s);
    }

    /** The session is freed: it no longer has an ID here. */
    @Override
    public void clear(Session s) {
        byId.remove(s.id);
    }

    @Override
    public List<String> leaks() {
        List<String> leaks = new ArrayList<>();
        for (Session s : byId.values()) {
            leaks.add("ID " + s.id + " still names " + s);
        }
        if (!roots.isEmpty()) {
            leaks.add("the kernel still has children " + roots);
        }
        return leaks;
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
