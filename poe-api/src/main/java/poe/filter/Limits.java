package poe.filter;

/** Argument checks shared by the filters' builders. */
final class Limits {

    private Limits() {
    }

    static int positive(String name, long value) {
        if (value <= 0 || value > Integer.MAX_VALUE - 1024) {
            throw new IllegalArgumentException(name + " must be between 1 and "
                    + (Integer.MAX_VALUE - 1024) + ", got " + value);
        }
        return (int) value;
    }

    static void bufferHolds(String filter, long maxBuffer, long needed, String what) {
        if (maxBuffer < needed) {
            throw new IllegalArgumentException(filter + ": maxBuffer (" + maxBuffer
                    + ") is too small to hold " + what + " (" + needed
                    + "); raise maxBuffer or lower the other limit");
        }
    }

    static void checkBuffer(String filter, ByteQueue buffer, java.util.List<? extends byte[]> chunks,
            long maxBuffer) {
        long incoming = 0;
        for (byte[] chunk : chunks) {
            if (chunk == null) {
                throw new NullPointerException("chunks must not contain null");
            }
            incoming += chunk.length;
        }
        if (buffer.size() + incoming > maxBuffer) {
            throw new FrameTooLargeException(filter + ": framing buffer would exceed maxBuffer ("
                    + maxBuffer + " bytes) with " + (buffer.size() + incoming)
                    + " bytes; call getOne() between chunks or raise maxBuffer", maxBuffer);
        }
    }
}
