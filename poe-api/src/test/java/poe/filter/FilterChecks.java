package poe.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Shared checks: the "standard" run every filter must pass (get, clone, getOneStart +
 * getPending + getOne, put), and byte helpers. byte[] values are compared as ISO-8859-1
 * strings so that assertion messages are readable.
 */
final class FilterChecks {

    private FilterChecks() {
    }

    static byte[] b(String latin1) {
        return latin1.getBytes(StandardCharsets.ISO_8859_1);
    }

    static List<byte[]> bytes(String... latin1) {
        List<byte[]> out = new ArrayList<>();
        for (String s : latin1) {
            out.add(b(s));
        }
        return out;
    }

    static String s(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /** Replaces byte[] (also inside lists and Optionals) by their ISO-8859-1 strings. */
    static Object norm(Object o) {
        if (o instanceof byte[]) {
            return s((byte[]) o);
        }
        if (o instanceof List) {
            List<Object> out = new ArrayList<>();
            for (Object e : (List<?>) o) {
                out.add(norm(e));
            }
            return out;
        }
        if (o instanceof Optional) {
            return ((Optional<?>) o).map(FilterChecks::norm);
        }
        return o;
    }

    static String joined(List<?> chunks) {
        StringBuilder sb = new StringBuilder();
        for (Object c : chunks) {
            sb.append(norm(c));
        }
        return sb.toString();
    }

    /**
     * The standard run: get() returns {@code out}; a clone starts empty and is of the
     * same class; getOneStart() only buffers (getPending() returns the input); getOne()
     * returns {@code out} one by one then empty; put(out) returns {@code put}.
     */
    static <I, O> void standard(Filter<I, O> filter, List<I> in, List<O> out, List<I> put) {
        assertEquals(norm(out), norm(filter.get(in)), "get()");

        Filter<I, O> fresh = filter.clone();
        assertTrue(fresh.getPending().isEmpty(), "a clone starts with an empty buffer");
        assertSame(filter.getClass(), fresh.getClass(), "clone() keeps the type");

        fresh.getOneStart(in);
        assertEquals(joined(in), joined(fresh.getPending()), "getOneStart() only buffers");
        List<O> one = new ArrayList<>();
        for (Optional<O> next = fresh.getOne(); next.isPresent(); next = fresh.getOne()) {
            one.add(next.get());
        }
        assertEquals(norm(out), norm(one), "getOne() one by one");
        assertEquals(norm(put), norm(fresh.put(out)), "put()");
    }

    static void assertBytes(String expected, byte[] actual) {
        assertEquals(expected, s(actual));
    }

    static void assertChunks(List<String> expected, List<byte[]> actual) {
        assertChunks(expected, actual, "chunks");
    }

    static void assertChunks(List<String> expected, List<byte[]> actual, String message) {
        List<String> got = new ArrayList<>();
        for (byte[] a : actual) {
            got.add(s(a));
        }
        assertEquals(expected, got, message);
    }

    static byte[] concat(List<byte[]> chunks) {
        int n = 0;
        for (byte[] c : chunks) {
            n += c.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] c : chunks) {
            System.arraycopy(c, 0, out, at, c.length);
            at += c.length;
        }
        return out;
    }

    static List<byte[]> split(byte[] all, int... sizes) {
        List<byte[]> out = new ArrayList<>();
        int at = 0;
        for (int size : sizes) {
            out.add(Arrays.copyOfRange(all, at, at + size));
            at += size;
        }
        if (at < all.length) {
            out.add(Arrays.copyOfRange(all, at, all.length));
        }
        return out;
    }
}
