package poe.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A map from {@code long} keys to values, for the kernel's own sequential IDs (sessions by
 * ID): open
 * addressing with linear probing, no boxing, no entry objects (about 24 bytes per entry
 * instead of HashMap's 60). Not thread-safe; null values are not allowed.
 *
 * <pre>{@code
 * LongMap<Session> byId = new LongMap<>();
 * byId.put(session.id(), session);
 * Session s = byId.get(id);   // null if absent
 * }</pre>
 *
 * <p>Not API: see {@link poe.internal}.
 */
public final class LongMap<V> {

    private static final int MIN_CAPACITY = 16;

    private long[] keys;
    private Object[] values;
    private int size;
    /** No entry sits further than this from its home slot. */
    private int maxDisplacement;

    public LongMap() {
        allocate(MIN_CAPACITY);
    }

    public int size() {
        return size;
    }

    @SuppressWarnings("unchecked")
    public V get(long key) {
        int mask = keys.length - 1;
        for (int i = slot(key); ; i = (i + 1) & mask) {
            Object v = values[i];
            if (v == null) {
                return null;
            }
            if (keys[i] == key) {
                return (V) v;
            }
        }
    }

    /** Adds or replaces; returns the previous value or null. */
    @SuppressWarnings("unchecked")
    public V put(long key, V value) {
        if (value == null) {
            throw new NullPointerException("value");
        }
        int mask = keys.length - 1;
        int i = slot(key);
        for (; values[i] != null; i = (i + 1) & mask) {
            if (keys[i] == key) {
                V old = (V) values[i];
                values[i] = value;
                return old;
            }
        }
        keys[i] = key;
        values[i] = value;
        maxDisplacement = Math.max(maxDisplacement, (i - slot(key)) & mask);
        if (++size > (keys.length >>> 1)) {
            resize(keys.length << 1);
        }
        return null;
    }

    /** Removes; returns the value that was there, or null. */
    @SuppressWarnings("unchecked")
    public V remove(long key) {
        int mask = keys.length - 1;
        int i = slot(key);
        for (; ; i = (i + 1) & mask) {
            Object v = values[i];
            if (v == null) {
                return null;
            }
            if (keys[i] == key) {
                break;
            }
        }
        V old = (V) values[i];
        // Backward-shift deletion: move later entries of the probe run into the hole. An
        // entry more than maxDisplacement past the hole has its home after the hole, so the
        // scan stops there (runs of sequential IDs are long, but each ID sits at home).
        int hole = i;
        for (int j = (i + 1) & mask; values[j] != null && ((j - hole) & mask) <= maxDisplacement;
                j = (j + 1) & mask) {
            int home = slot(keys[j]);
            if (((j - home) & mask) >= ((j - hole) & mask)) {
                keys[hole] = keys[j];
                values[hole] = values[j];
                hole = j;
            }
        }
        values[hole] = null;
        size--;
        if (size < (keys.length >>> 3) && keys.length > MIN_CAPACITY) {
            resize(keys.length >>> 1);
        }
        return old;
    }

    /** The values, in table order (for sequential keys mostly key order, as in a HashMap). */
    @SuppressWarnings("unchecked")
    public List<V> values() {
        List<V> out = new ArrayList<>(size);
        for (Object v : values) {
            if (v != null) {
                out.add((V) v);
            }
        }
        return out;
    }

    public void clear() {
        if (keys.length > MIN_CAPACITY) {
            allocate(MIN_CAPACITY);
        } else {
            Arrays.fill(values, null);
            maxDisplacement = 0;
        }
        size = 0;
    }

    // IDs are handed out in sequence: keeping their low bits keeps neighbours in time next to
    // each other in memory (a run of puts or removes streams through the table instead of
    // missing the cache on every key), as HashMap<Long, ...> does. The higher bits are
    // folded in so that IDs kept at a power-of-two stride still spread over the table.
    private int slot(long key) {
        return (int) (key ^ (key >>> 16) ^ (key >>> 32)) & (keys.length - 1);
    }

    private void allocate(int capacity) {
        keys = new long[capacity];
        values = new Object[capacity];
        maxDisplacement = 0;
    }

    private void resize(int capacity) {
        long[] oldKeys = keys;
        Object[] oldValues = values;
        allocate(capacity);
        int mask = capacity - 1;
        for (int k = 0; k < oldKeys.length; k++) {
            if (oldValues[k] != null) {
                int home = slot(oldKeys[k]);
                int i = home;
                while (values[i] != null) {
                    i = (i + 1) & mask;
                }
                keys[i] = oldKeys[k];
                values[i] = oldValues[k];
                maxDisplacement = Math.max(maxDisplacement, (i - home) & mask);
            }
        }
    }
}
