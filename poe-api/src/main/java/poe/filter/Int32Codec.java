package poe.filter;

import java.util.Optional;

/** A 4-byte big-endian length header. See {@link LengthCodec#int32()}. */
final class Int32Codec implements LengthCodec {
    static final Int32Codec INSTANCE = new Int32Codec();

    private Int32Codec() {
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
