package poe.filter;

/**
 * Turns objects into bytes and back for {@link Reference} (POE's freezer/thawer).
 *
 * <p>The input to {@link #deserialize(byte[])} comes from a peer: a serializer must not
 * create objects of classes the application did not agree to (see
 * {@link JavaSerializer}, which checks an allowlist), and must bound what it allocates.
 *
 * <pre>{@code
 * Serializer text = new Serializer() {
 *     public byte[] serialize(Object value) { return value.toString().getBytes(UTF_8); }
 *     public Object deserialize(byte[] bytes) { return new String(bytes, UTF_8); }
 * };
 * Reference<Object> filter = Reference.builder(Object.class).serializer(text).build();
 * }</pre>
 */
public interface Serializer {

    /**
     * @param value the object to write, not null
     * @return its bytes
     * @throws IllegalArgumentException if the value cannot be serialized
     */
    byte[] serialize(Object value);

    /**
     * @param bytes one frame's bytes, from the peer
     * @return the object, not null
     * @throws FilterException if the bytes are malformed or name a class that is refused
     */
    Object deserialize(byte[] bytes);
}
