package poe.filter;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.NotSerializableException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * The default {@link Serializer} of {@link Reference}: Java serialization, with an
 * {@link ObjectInputFilter} that refuses every class not on an allowlist before it is
 * instantiated, and bounds depth, references, array sizes and bytes.
 *
 * <p>{@link #defaults()} allows strings, boxed primitives, {@code BigInteger},
 * {@code BigDecimal}, {@code UUID}, {@code java.time} values, arrays of those and of
 * primitives ({@code Object[]} too, each element checked), and the JDK's ordinary collections and maps (ArrayList, LinkedList,
 * HashMap, LinkedHashMap, TreeMap, HashSet, LinkedHashSet, TreeSet, ArrayDeque,
 * {@code List.of}/{@code Map.of}/{@code Set.of}, {@code Arrays.asList}, and the
 * {@code Collections} wrappers). Add your own classes with the builder; a class is allowed
 * exactly, not its subclasses.
 *
 * <pre>{@code
 * record Point(int x, int y) implements Serializable { }
 *
 * JavaSerializer serializer = JavaSerializer.builder().allow(Point.class).build();
 * Reference<Point> points = Reference.builder(Point.class).serializer(serializer).build();
 * }</pre>
 */
public final class JavaSerializer implements Serializer {

    private static final Set<String> DEFAULT_CLASSES = Set.of(
            "java.lang.String", "java.lang.Boolean", "java.lang.Byte", "java.lang.Character",
            "java.lang.Short", "java.lang.Integer", "java.lang.Long", "java.lang.Float",
            "java.lang.Double", "java.lang.Number", "java.lang.Enum", "java.lang.Object",
            "java.math.BigInteger", "java.math.BigDecimal", "java.util.UUID",
            "java.time.Ser",
            "java.util.ArrayList", "java.util.LinkedList", "java.util.HashMap",
            "java.util.LinkedHashMap", "java.util.TreeMap", "java.util.HashSet",
            "java.util.LinkedHashSet", "java.util.TreeSet", "java.util.ArrayDeque",
            "java.util.CollSer", "java.util.Arrays$ArrayList", "java.util.Map$Entry");

    private static final JavaSerializer DEFAULTS = builder().build();

    private final Set<String> classes;
    private final Set<String> packages;
    private final long maxDepth;
    private final long maxReferences;
    private final long maxArrayLength;

    private JavaSerializer(Builder b) {
        this.classes = Set.copyOf(b.classes);
        this.packages = Set.copyOf(b.packages);
        this.maxDepth = b.maxDepth;
        this.maxReferences = b.maxReferences;
        this.maxArrayLength = b.maxArrayLength;
    }

    /** The default allowlist and limits. */
    public static JavaSerializer defaults() {
        return DEFAULTS;
    }

    /** A builder that starts from the default allowlist. */
    public static Builder builder() {
        return new Builder();
    }

    /** The allowed class names (exact). */
    public Set<String> allowedClasses() {
        return classes;
    }

    @Override
    public byte[] serialize(Object value) {
        Objects.requireNonNull(value, "value");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        } catch (NotSerializableException e) {
            throw new IllegalArgumentException("Reference: " + e.getMessage()
                    + " does not implement java.io.Serializable", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("Reference: cannot serialize "
                    + value.getClass().getName() + ": " + e, e);
        }
        return bytes.toByteArray();
    }

    @Override
    public Object deserialize(byte[] bytes) {
        String[] refused = new String[1];
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            in.setObjectInputFilter(info -> {
                ObjectInputFilter.Status status = check(info);
                if (status == ObjectInputFilter.Status.REJECTED && refused[0] == null) {
                    refused[0] = info.serialClass() != null ? "class " + info.serialClass().getName()
                            : "a graph over the limits (depth " + info.depth() + ", references "
                                    + info.references() + ", array length " + info.arrayLength() + ")";
                }
                return status;
            });
            Object value = in.readObject();
            if (value == null) {
                throw new FilterException("Reference: the frame holds null, which is not a record");
            }
            return value;
        } catch (InvalidClassException e) {
            throw new FilterException("Reference: refused to deserialize "
                    + (refused[0] != null ? refused[0] : e.getMessage())
                    + " (allow classes with JavaSerializer.builder().allow(...))", e);
        } catch (IOException | ClassNotFoundException | RuntimeException e) {
            if (e instanceof FilterException) {
                throw (FilterException) e;
            }
            throw new FilterException("Reference: malformed frame: " + e, e);
        } catch (StackOverflowError e) {
            throw new FilterException("Reference: object graph too deep", e);
        }
    }

    private ObjectInputFilter.Status check(ObjectInputFilter.FilterInfo info) {
        if (info.depth() > maxDepth || info.references() > maxReferences
                || info.arrayLength() > maxArrayLength) {
            return ObjectInputFilter.Status.REJECTED;
        }
        Class<?> type = info.serialClass();
        if (type == null) {
            return ObjectInputFilter.Status.ALLOWED;
        }
        while (type.isArray()) {
            type = type.getComponentType();
        }
        if (type.isPrimitive() || classes.contains(type.getName())) {
            return ObjectInputFilter.Status.ALLOWED;
        }
        if (packages.contains(type.getPackageName())) {
            return ObjectInputFilter.Status.ALLOWED;
        }
        if (type.getName().startsWith("java.util.ImmutableCollections$")
                || classes.contains("java.time.Ser") && "java.time".equals(type.getPackageName())) {
            return ObjectInputFilter.Status.ALLOWED;
        }
        if (type.getName().startsWith("java.util.Collections$")
                && (type.getName().contains("Unmodifiable") || type.getName().contains("Empty")
                    || type.getName().contains("Singleton") || type.getName().contains("Synchronized"))) {
            return ObjectInputFilter.Status.ALLOWED;
        }
        return ObjectInputFilter.Status.REJECTED;
    }

    /**
     * Configures a {@link JavaSerializer}; starts from the default allowlist.
     *
     * <pre>{@code
     * JavaSerializer s = JavaSerializer.builder().allowPackage("com.example.events").maxDepth(20).build();
     * }</pre>
     */
    public static final class Builder {
        private final Set<String> classes = new LinkedHashSet<>(DEFAULT_CLASSES);
        private final Set<String> packages = new LinkedHashSet<>();
        private long maxDepth = 64;
        private long maxReferences = 100_000;
        private long maxArrayLength = 1 << 20;

        private Builder() {
        }

        /** Allows exactly these classes (not their subclasses). */
        public Builder allow(Class<?>... types) {
            for (Class<?> t : types) {
                classes.add(Objects.requireNonNull(t, "type").getName());
            }
            return this;
        }

        /** Allows every class of this exact package (not its subpackages). */
        public Builder allowPackage(String packageName) {
            Objects.requireNonNull(packageName, "packageName");
            if (packageName.isEmpty() || packageName.startsWith("java.") || packageName.startsWith("javax.")
                    || packageName.startsWith("sun.") || packageName.startsWith("jdk.")) {
                throw new IllegalArgumentException("JavaSerializer: refusing to allow the whole package '"
                        + packageName + "'; allow the JDK classes you need one by one");
            }
            packages.add(packageName);
            return this;
        }

        /** Forgets the default allowlist: only what is allowed afterwards is accepted. */
        public Builder clearAllowlist() {
            classes.clear();
            packages.clear();
            return this;
        }

        /** Deepest accepted object graph (default 64). */
        public Builder maxDepth(long depth) {
            maxDepth = positive("maxDepth", depth);
            return this;
        }

        /** Most object references in one frame (default 100000). */
        public Builder maxReferences(long references) {
            maxReferences = positive("maxReferences", references);
            return this;
        }

        /** Longest accepted array (default 1048576 elements). */
        public Builder maxArrayLength(long length) {
            maxArrayLength = positive("maxArrayLength", length);
            return this;
        }

        private static long positive(String name, long value) {
            if (value <= 0) {
                throw new IllegalArgumentException("JavaSerializer: " + name + " must be positive, got " + value);
            }
            return value;
        }

        /** @return the serializer */
        public JavaSerializer build() {
            return new JavaSerializer(this);
        }

        /** The current allowlist of class names. */
        public Set<String> classes() {
            return Collections.unmodifiableSet(classes);
        }
    }
}
