package poe.filter;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** POE's length header: ASCII decimal digits, then NUL. See {@link LengthCodec#asciiDecimal()}. */
final class AsciiDecimalCodec implements LengthCodec {
    static final AsciiDecimalCodec INSTANCE = new AsciiDecimalCodec();
    private static final int MAX_DIGITS = 18;

    private AsciiDecimalCodec() {
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
