package poe;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Aliases: names for sessions (POE::Resource::Aliases). Owns the alias table and each
 * session's {@link Session#aliases}; an alias keeps its session alive (one reference per
 * alias, through {@link SessionRefs}). Loop thread only.
 *
 * <p>Programs post to an alias with the same string instance again and again (a literal
 * or a field), so a few of the last names resolved, compared by instance, answer most
 * lookups before the map is asked. They hold only live mappings: any removal clears them.
 */
final class Aliases implements Resource {

    private static final int CACHE_SIZE = 4;

    // --- loop thread only
    private final SessionRefs refs;
    private final HashMap<String, Session> byName = new HashMap<>();
    private final String[] cachedNames = new String[CACHE_SIZE];
    private final Session[] cachedSessions = new Session[CACHE_SIZE];
    private int nextCacheSlot;

    Aliases(SessionRefs refs) {
        this.refs = refs;
    }

    Session resolve(String name) {
        // no hashing: a scan of a few instances is cheaper, and small enough to inline
        String[] names = cachedNames;
        for (int i = 0; i < CACHE_SIZE; i++) {
            if (names[i] == name) {
                return cachedSessions[i];
            }
        }
        return resolveAndCache(name);
    }

    private Session resolveAndCache(String name) {
        Session s = byName.get(name);
        if (s != null) {
            int i = nextCacheSlot;
            nextCacheSlot = (i + 1) & (CACHE_SIZE - 1);
            cachedNames[i] = name;
            cachedSessions[i] = s;
        }
        return s;
    }

    private void clearCache() {
        Arrays.fill(cachedNames, null);
        Arrays.fill(cachedSessions, null);
    }

    /** Adds an alias (a reference to the session); setting one it already has does nothing. */
    void add(Session s, String name) {
        assert refs.onLoopThread();
        Session owner = byName.get(name);
        if (owner == s) {
            return;
        }
        if (owner != null) {
            throw new KernelException(Errno.EEXIST, "alias '" + name + "' already belongs to " + owner
                    + "; remove it there first or pick another name");
        }
        byName.put(name, s);
        if (s.aliases == null) {
            s.aliases = new ArrayList<>(2);
        }
        s.aliases.add(name);
        refs.increment(s);
    }

    void remove(Session s, String name) {
        assert refs.onLoopThread();
        Session owner = byName.get(name);
        if (owner == null) {
            throw new KernelException(Errno.ESRCH, "no alias '" + name + "' to remove");
        }
        if (owner != s) {
            throw new KernelException(Errno.EPERM, "alias '" + name + "' belongs to " + owner
                    + ", not to " + s + "; only its owner can remove it");
        }
        byName.remove(name);
        s.aliases.remove(name);
        clearCache();
        refs.routesChanged();
        refs.decrement(s);
    }

    /** Removes all of a session's aliases (it is being freed); routes change either way. */
    @Override
    public void clear(Session s) {
        if (s.aliases != null) {
            for (String name : s.aliases) {
                byName.remove(name);
            }
            s.aliases = null;
            clearCache();
        }
        refs.routesChanged();
    }

    @Override
    public List<String> leaks() {
        List<String> leaks = new ArrayList<>();
        for (Map.Entry<String, Session> e : byName.entrySet()) {
            leaks.add("alias '" + e.getKey() + "' of " + e.getValue());
        }
        return leaks;
    }

    /** A session's aliases; none for null (an unknown session). */
    static List<String> of(Session s) {
        return s == null || s.aliases == null ? List.of() : List.copyOf(s.aliases);
    }
}
