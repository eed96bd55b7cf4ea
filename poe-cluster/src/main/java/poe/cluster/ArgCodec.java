package poe.cluster;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The codec for event arguments that cross the cluster: a small tagged binary format.
 * Built in: {@code null}, booleans, {@code Byte/Short/Integer/Long/Float/Double},
 * {@code Character}, {@code BigInteger}, {@code BigDecimal}, strings, {@code byte[]},
 * lists (decoded as {@code ArrayList}) and maps (decoded as {@code LinkedHashMap}).
 * Records and classes cross only when registered, under a type name both sides agree on:
 * records by their components ({@link #registerRecord}), other classes by an encoder to a
 * codec value and a decoder back ({@link #register}). Anything else is refused when
 * encoding, with the type in the message. Decoding never uses Java serialization; it
 * checks every length against the bytes left and nests at most {@value #MAX_DEPTH} deep.
 * Thread-safe.
 */
public final class ArgCodec {

    /** How deep lists, maps and registered types may nest. */
    public static final int MAX_DEPTH = 64;

    private static final byte NULL = 0, FALSE = 1, TRUE = 2, INT = 3, LONG = 4, DOUBLE = 5, FLOAT = 6,
            SHORT = 7, BYTE = 8, STRING = 9, BYTES = 10, LIST = 11, MAP = 12, TYPED = 13, CHAR = 14,
            BIGINT = 15, BIGDEC = 16;

    private record Type(String name, Class<?> type, Function<Object, Object> encoder, Function<Object, Object> decoder) {
    }

    private final Map<String, Type> byName = new ConcurrentHashMap<>();
    private final Map<Class<?>, Type> byClass = new ConcurrentHashMap<>();

    /**
     * Registers a record type, encoded by its components (each must be encodable) and
     * decoded by its canonical constructor, under its class name.
     */
    public <R extends Record> ArgCodec registerRecord(Class<R> type) {
        return registerRecord(type.getName(), type);
    }

    /** Registers a record type under a given type name. */
    public <R extends Record> ArgCodec registerRecord(String name, Class<R> type) {
        RecordComponent[] parts = type.getRecordComponents();
        Class<?>[] types = new Class<?>[parts.length];
        for (int i = 0; i < parts.length; i++) {
            types[i] = parts[i].getType();
            parts[i].getAccessor().setAccessible(true);
        }
        Constructor<R> ctor;
        try {
            ctor = type.getDeclaredConstructor(types);
            ctor.setAccessible(true);
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("ArgCodec: no canonical constructor for " + type, e);
        }
        Function<Object, Object> enc = r -> {
            List<Object> values = new ArrayList<>(parts.length);
            for (RecordComponent p : parts) {
                try {
                    values.add(p.getAccessor().invoke(r));
                } catch (ReflectiveOperationException e) {
                    throw new ClusterCodecException("cannot read " + name + "." + p.getName(), e);
                }
            }
            return values;
        };
        Function<Object, Object> dec = v -> {
            if (!(v instanceof List<?> values) || values.size() != parts.length) {
                throw new ClusterCodecException("record " + name + ": expected " + parts.length + " components");
            }
            try {
                return ctor.newInstance(values.toArray());
            } catch (ReflectiveOperationException | IllegalArgumentException e) {
                throw new ClusterCodecException("record " + name + ": cannot construct from " + values + ": " + e, e);
            }
        };
        return add(new Type(name, type, enc, dec));
    }

    /**
     * Registers a class: {@code encoder} turns a value into something this codec encodes
     * (a string, a list, a map...), {@code decoder} turns that back.
     */
    @SuppressWarnings("unchecked")
    public <T> ArgCodec register(String name, Class<T> type, Function<? super T, Object> encoder,
                                 Function<Object, ? extends T> decoder) {
        Objects.requireNonNull(encoder, "encoder");
        Objects.requireNonNull(decoder, "decoder");
        return add(new Type(name, type, v -> encoder.apply((T) v), (Function<Object, Object>) decoder));
    }

    /** A codec with the same registrations, to register more on without touching this one. */
    public ArgCodec copy() {
        ArgCodec c = new ArgCodec();
        c.byName.putAll(byName);
        c.byClass.putAll(byClass);
        return c;
    }

    private ArgCodec add(Type t) {
        Objects.requireNonNull(t.name(), "name");
        Objects.requireNonNull(t.type(), "type");
        if (byName.putIfAbsent(t.name(), t) != null) {
            throw new IllegalArgumentException("ArgCodec: the type name \"" + t.name() + "\" is registered already");
        }
        byClass.put(t.type(), t);
        return this;
    }

    // ------------------------------------------------------------------ encoding

    /**
     * Encodes arguments.
     *
     * @param args     the arguments
     * @param maxBytes the largest encoding allowed
     * @return the bytes
     * @throws ClusterCodecException for a type not built in nor registered, or an encoding
     *     larger than {@code maxBytes}
     */
    public byte[] encode(Object[] args, int maxBytes) {
        Out out = new Out(maxBytes);
        writeInt(out, args.length);
        for (int i = 0; i < args.length; i++) {
            write(out, args[i], 0, "argument " + i);
        }
        return out.toByteArray();
    }

    private static final class Out extends ByteArrayOutputStream {
        final int max;

        Out(int max) {
            super(Math.min(256, Math.max(16, max)));
            this.max = max;
        }

        void need(int n) {
            if ((long) count + n > max) {
                throw new ClusterCodecException("message too large: more than the limit of " + max
                        + " bytes (ClusterConfig.maxMessageBytes)");
            }
        }

        @Override
        public void write(int b) {
            need(1);
            super.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            need(len);
            super.write(b, off, len);
        }
    }

    private static void writeInt(Out out, int v) {
        out.write(new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v}, 0, 4);
    }

    private static void writeLong(Out out, long v) {
        writeInt(out, (int) (v >>> 32));
        writeInt(out, (int) v);
    }

    private static void writeBytes(Out out, byte[] b) {
        writeInt(out, b.length);
        out.write(b, 0, b.length);
    }

    private void write(Out out, Object v, int depth, String where) {
        if (depth > MAX_DEPTH) {
            throw new ClusterCodecException(where + ": nested deeper than " + MAX_DEPTH);
        }
        if (v == null) {
            out.write(NULL);
        } else if (v instanceof Boolean b) {
            out.write(b ? TRUE : FALSE);
        } else if (v instanceof Integer i) {
            out.write(INT);
            writeInt(out, i);
        } else if (v instanceof Long l) {
            out.write(LONG);
            writeLong(out, l);
        } else if (v instanceof Double d) {
            out.write(DOUBLE);
            writeLong(out, Double.doubleToRawLongBits(d));
        } else if (v instanceof Float f) {
            out.write(FLOAT);
            writeInt(out, Float.floatToRawIntBits(f));
        } else if (v instanceof Short s) {
            out.write(SHORT);
            writeInt(out, s);
        } else if (v instanceof Byte b) {
            out.write(BYTE);
            out.write(b);
        } else if (v instanceof Character c) {
            out.write(CHAR);
            writeInt(out, c);
        } else if (v instanceof String s) {
            out.write(STRING);
            writeBytes(out, s.getBytes(StandardCharsets.UTF_8));
        } else if (v instanceof byte[] b) {
            out.write(BYTES);
            writeBytes(out, b);
        } else if (v instanceof BigInteger b) {
            out.write(BIGINT);
            writeBytes(out, b.toByteArray());
        } else if (v instanceof BigDecimal b) {
            out.write(BIGDEC);
            writeInt(out, b.scale());
            writeBytes(out, b.unscaledValue().toByteArray());
        } else if (v instanceof List<?> list) {
            out.write(LIST);
            writeInt(out, list.size());
            int i = 0;
            for (Object e : list) {
                write(out, e, depth + 1, where + "[" + i++ + "]");
            }
        } else if (v instanceof Map<?, ?> map) {
            out.write(MAP);
            writeInt(out, map.size());
            for (Map.Entry<?, ?> e : map.entrySet()) {
                write(out, e.getKey(), depth + 1, where + " (a key)");
                write(out, e.getValue(), depth + 1, where + "[" + e.getKey() + "]");
            }
        } else {
            Type t = byClass.get(v.getClass());
            if (t == null) {
                throw new ClusterCodecException(where + ": " + v.getClass().getName() + " cannot cross the cluster;"
                        + " register it (ArgCodec.registerRecord or ArgCodec.register) on every node");
            }
            out.write(TYPED);
            writeBytes(out, t.name().getBytes(StandardCharsets.UTF_8));
            write(out, t.encoder().apply(v), depth + 1, where + " (" + t.name() + ")");
        }
    }

    // ------------------------------------------------------------------ decoding

    /**
     * Decodes what {@link #encode} made, possibly on another node.
     *
     * @throws ClusterCodecException if the bytes are too many, malformed, or name a type
     *     not registered here
     */
    public Object[] decode(byte[] bytes, int maxBytes) {
        if (bytes.length > maxBytes) {
            throw new ClusterCodecException("message of " + bytes.length + " bytes exceeds the limit of " + maxBytes);
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        try {
            int n = count(in, 1);
            Object[] args = new Object[n];
            for (int i = 0; i < n; i++) {
                args[i] = read(in, 0);
            }
            if (in.hasRemaining()) {
                throw new ClusterCodecException(in.remaining() + " bytes left over after the arguments");
            }
            return args;
        } catch (java.nio.BufferUnderflowException e) {
            throw new ClusterCodecException("truncated message", e);
        }
    }

    private static int count(ByteBuffer in, int minBytesEach) {
        int n = in.getInt();
        if (n < 0 || (long) n * minBytesEach > in.remaining()) {
            throw new ClusterCodecException("bad length " + n + " with " + in.remaining() + " bytes left");
        }
        return n;
    }

    private static byte[] bytes(ByteBuffer in) {
        byte[] b = new byte[count(in, 1)];
        in.get(b);
        return b;
    }

    private Object read(ByteBuffer in, int depth) {
        if (depth > MAX_DEPTH) {
            throw new ClusterCodecException("nested deeper than " + MAX_DEPTH);
        }
        byte tag = in.get();
        switch (tag) {
            case NULL: return null;
            case FALSE: return Boolean.FALSE;
            case TRUE: return Boolean.TRUE;
            case INT: return in.getInt();
            case LONG: return in.getLong();
            case DOUBLE: return in.getDouble();
            case FLOAT: return in.getFloat();
            case SHORT: return (short) in.getInt();
            case BYTE: return in.get();
            case CHAR: return (char) in.getInt();
            case STRING: return new String(bytes(in), StandardCharsets.UTF_8);
            case BYTES: return bytes(in);
            case BIGINT: return new BigInteger(bytes(in));
            case BIGDEC: {
                int scale = in.getInt();
                return new BigDecimal(new BigInteger(bytes(in)), scale);
            }
            case LIST: {
                int n = count(in, 1);
                List<Object> list = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    list.add(read(in, depth + 1));
                }
                return list;
            }
            case MAP: {
                int n = count(in, 2);
                Map<Object, Object> map = new LinkedHashMap<>();
                for (int i = 0; i < n; i++) {
                    Object k = read(in, depth + 1);
                    map.put(k, read(in, depth + 1));
                }
                return map;
            }
            case TYPED: {
                String name = new String(bytes(in), StandardCharsets.UTF_8);
                Type t = byName.get(name);
                if (t == null) {
                    throw new ClusterCodecException("the type \"" + name + "\" is not registered on this node");
                }
                Object value = read(in, depth + 1);
                try {
                    return t.decoder().apply(value);
                } catch (ClusterCodecException e) {
                    throw e;
                } catch (RuntimeException e) {
                    throw new ClusterCodecException("decoding " + name + ": " + e, e);
                }
            }
            default:
                throw new ClusterCodecException("unknown tag " + tag);
        }
    }
}
