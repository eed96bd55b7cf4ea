package poe.filter;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * How {@link Block} writes and reads the length header in front of each block
 * (POE::Filter::Block's {@code LengthCodec}).
 *
 * <p>Two codecs are built in: {@link #asciiDecimal()}, POE's own wire format (the length
 * in ASCII digits, then a NUL byte: {@code "5\0hello"}), and {@link #int32()}, a 4-byte
 * big-endian length. Write your own for other protocols.
 *
 * <pre>{@code
 * LengthCodec varint = new LengthCodec() {
 *     public byte[] encode(int length) { ... }
 *     public Optional<Header> decode(byte[] bytes, int offset, int available) { ... }
 * };
 * Block blocks = Block.builder().lengthCodec(varint).build();
 * }</pre>
 */
public interface LengthCodec {

    /**
     * The header to put in front of a payload.
     *
     * @param payloadLength the payload's length in bytes
     * @return the header bytes
     */
    byte[] encode(int payloadLength);

    /**
     * Reads a header at the start of the buffered bytes.
     *
     * @param bytes the buffer
     * @param offset where the buffered bytes start
     * @param available how many bytes are buffered
     * @return the header, or empty if more bytes are needed to read it
     * @throws FilterException if the bytes cannot be a header; a codec must throw rather
     *     than wait when a header would grow without bound
     */
    Optional<Header> decode(byte[] bytes, int offset, int available);

    /**
     * A decoded header.
     *
     * @param headerLength how many bytes the header took
     * @param payloadLength the payload length it announced
     */
    record Header(int headerLength, long payloadLength) {
        /** Checks the values. */
        public Header {
            if (headerLength < 0 || payloadLength < 0) {
                throw new IllegalArgumentException("negative header or payload length: "
                        + headerLength + ", " + payloadLength);
            }
        }
    }

    /** POE's default: the length in ASCII decimal digits, then NUL ({@code "5\0hello"}). */
    static LengthCodec asciiDecimal() {
        return AsciiDecimal.INSTANCE;
    }

    /** A 4-byte big-endian unsigned length. */
    static LengthCodec int32() {
        return Int32.INSTANCE;
    }

    /** The {@link #asciiDecimal()} codec. */
    final class AsciiDecimal implements LengthCodec {
        static final AsciiDecimal INSTANCE = new AsciiDecimal();
        private static final int MAX_DIGITS = 18;

        private AsciiDecimal() {
        }

        @Override
        public byte[] encode(int payloadLength) {
            return (payloadLength + "\0").getBytes(StandardCharsets.US_ASCII);
        }

        @Override
        public Optional<Header> decode(byte[] bytes, int offset, int available) {
            long value = 0;
            for (int i = 0; i < available; i++) {
                byte b = bytes[offset + i];
                if (b == 0 && i > 0) {
                    return Optional.of(new Header(i + 1, value));
                }
                if (b < '0' || b > '9') {
                    throw new FilterException("length header: expected ASCII digits then NUL, got byte 0x"
                            + Integer.toHexString(b & 0xFF) + " at offset " + i);
                }
                if (i >= MAX_DIGITS) {
                    throw new FilterException("length header: more than " + MAX_DIGITS + " digits");
                }
                value = value * 10 + (b - '0');
            }
            return Optional.empty();
        }

        @Override
        public String toString() {
            return "asciiDecimal";
        }
    }

    /** The {@link #int32()} codec. */
    final class Int32 implements LengthCodec {
        static final Int32 INSTANCE = new Int32();

        private Int32() {
        }

        @Override
        public byte[] encode(int payloadLength) {
            return new byte[] {
                (byte) (payloadLength >>> 24), (byte) (payloadLength >>> 16),
                (byte) (payloadLength >>> 8), (byte) payloadLength};
        }

        @Override
        public Optional<Header> decode(byte[] bytes, int offset, int available) {
            if (available < 4) {
                return Optional.empty();
            }
            long value = ((bytes[offset] & 0xFFL) << 24) | ((bytes[offset + 1] & 0xFFL) << 16)
                    | ((bytes[offset + 2] & 0xFFL) << 8) | (bytes[offset + 3] & 0xFFL);
            return Optional.of(new Header(4, value));
        }

        @Override
        public String toString() {
            return "int32";
        }
    }
}
