package poe.filter;

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
     * <pre>{@code
     * return Optional.of(new Header(4, payloadLength));   // 4 header bytes, then the payload
     * }</pre>
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
        return AsciiDecimalCodec.INSTANCE;
    }

    /** A 4-byte big-endian unsigned length. */
    static LengthCodec int32() {
        return Int32Codec.INSTANCE;
    }
}
