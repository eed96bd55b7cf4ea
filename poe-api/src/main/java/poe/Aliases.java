package poe;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/** Aliases: names for sessions (POE::Resource::Aliases). */
final class Aliases {

    private final HashMap<String, Session> byName = new HashMap<>();

    Session resolve(String name) {
        return byName.get(name);
    }

    /** Adds an alias; returns false if the session already had it. */
    boolean add(Session s, String name) {
        Session owner = byName.get(name);
        if (owner == s) {
            return false;
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
        return true;
    }

    void remove(Session s, String name) {
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
    }

    /** Removes all of a session's aliases; returns how many. */
    int removeAll(Session s) {
        if (s.aliases == null) {
            return 0;
        }
        int n = s.aliases.size();
        for (String name : s.aliases) {
            byName.remove(name);
        }
        s.aliases = null;
        return n;
    }

    static List<String> of(Session s) {
        return s.aliases == null ? List.of() : List.copyOf(s.aliases);
    }
}
