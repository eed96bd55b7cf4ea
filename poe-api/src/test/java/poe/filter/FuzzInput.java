package poe.filter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How the fuzz tests read their input: byte 0 picks the filter's configuration, byte 1
 * seeds the chunk sizes, the rest is the stream. Seed files follow the same layout, so a
 * readable seed starts with two arbitrary bytes (e.g. {@code "00"}) and then the data.
 */
final class FuzzInput {

    final int config;
    final byte[] data;
    private final int cutSeed;

    private FuzzInput(int config, int cutSeed, byte[] data) {
        this.config = config;
        this.cutSeed = cutSeed;
        this.data = data;
    }

    static FuzzInput of(byte[] input) {
        if (input.length < 2) {
            return new FuzzInput(input.length == 1 ? input[0] & 0xFF : 0, 0, new byte[0]);
        }
        return new FuzzInput(input[0] & 0xFF, input[1] & 0xFF, Arrays.copyOfRange(input, 2, input.length));
    }

    /** The stream cut into chunks of 1..64 bytes (0 means: one chunk). */
    List<byte[]> chunks() {
        List<byte[]> out = new ArrayList<>();
        if (cutSeed == 0) {
            out.add(data);
            return out;
        }
        int at = 0;
        int state = cutSeed;
        while (at < data.length) {
            state = (state * 1103515245 + 12345) & 0x7FFFFFFF;
            int n = Math.min(data.length - at, 1 + (state >>> 8) % 64);
            out.add(Arrays.copyOfRange(data, at, at + n));
            at += n;
        }
        return out;
    }

    static int pendingBytes(List<byte[]> pending) {
        int n = 0;
        for (byte[] p : pending) {
            n += p.length;
        }
        return n;
    }
}
