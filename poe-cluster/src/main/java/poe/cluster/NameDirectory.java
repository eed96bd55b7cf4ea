package poe.cluster;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.map.IMap;
import com.hazelcast.map.MapEvent;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryEvictedListener;
import com.hazelcast.map.listener.EntryExpiredListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import com.hazelcast.map.listener.MapClearedListener;

/**
 * This node's copy of the cluster's names (name to the ID of the node that publishes it),
 * kept up to date by Hazelcast's entry events: a post looks its name up here, without a
 * round trip to the cluster. The copy may lag the cluster by the time an event takes;
 * {@link ClusterNode} sends a post to a name it does not know the slow way (acknowledged
 * one by one, so an unknown name still fails as {@code NO_NAME}).
 *
 * <pre>{@code
 * NameDirectory dir = NameDirectory.follow(hazelcastMap);
 * String node = dir.nodeOf("resizer");       // null if not known here (yet)
 * }</pre>
 */
final class NameDirectory {

    private final Map<String, String> nodes = new ConcurrentHashMap<>();

    private NameDirectory() {
    }

    /** Follows the map's changes, then copies what it holds. */
    static NameDirectory follow(IMap<String, String> map) {
        NameDirectory d = new NameDirectory();
        map.addEntryListener(d.new Listener(), true);
        for (Map.Entry<String, String> e : map.entrySet()) {
            d.nodes.putIfAbsent(e.getKey(), e.getValue());
        }
        return d;
    }

    /** The node publishing {@code name}, as known here, or null. */
    String nodeOf(String name) {
        return nodes.get(name);
    }

    /** Forgets the names of a node that left (the cluster's map is cleaned up apart). */
    void nodeLeft(String node) {
        nodes.values().removeIf(node::equals);
    }

    private final class Listener implements EntryAddedListener<String, String>, EntryUpdatedListener<String, String>,
            EntryRemovedListener<String, String>, EntryEvictedListener<String, String>,
            EntryExpiredListener<String, String>, MapClearedListener {

        @Override
        public void entryAdded(EntryEvent<String, String> e) {
            nodes.put(e.getKey(), e.getValue());
        }

        @Override
        public void entryUpdated(EntryEvent<String, String> e) {
            nodes.put(e.getKey(), e.getValue());
        }

        @Override
        public void entryRemoved(EntryEvent<String, String> e) {
            nodes.remove(e.getKey());
        }

        @Override
        public void entryEvicted(EntryEvent<String, String> e) {
            nodes.remove(e.getKey());
        }

        @Override
        public void entryExpired(EntryEvent<String, String> e) {
            nodes.remove(e.getKey());
        }

        @Override
        public void mapCleared(MapEvent e) {
            nodes.clear();
        }
    }
}
