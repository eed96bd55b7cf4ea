package poe.filter.http;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An immutable, ordered list of HTTP header fields. Names compare case-insensitively;
 * the same name may appear more than once.
 *
 * <p>Values are ISO-8859-1 text (as on the wire); a name must be an HTTP token and a
 * value must not contain CR, LF, NUL or characters above U+00FF, so a header can never
 * split a message.
 *
 * <pre>{@code
 * HttpHeaders h = HttpHeaders.of("Content-Type", "text/plain", "Set-Cookie", "a=1");
 * h.first("content-type");                  // Optional[text/plain]
 * HttpHeaders more = h.with("Set-Cookie", "b=2");
 * more.all("Set-Cookie");                   // [a=1, b=2]
 * }</pre>
 */
public final class HttpHeaders {

    private static final HttpHeaders EMPTY = new HttpHeaders(List.of(), List.of());

    private final List<String> names;
    private final List<String> values;

    private HttpHeaders(List<String> names, List<String> values) {
        this.names = names;
        this.values = values;
    }

    /** No headers. */
    public static HttpHeaders empty() {
        return EMPTY;
    }

    /**
     * Headers from alternating names and values.
     *
     * @param namesAndValues name, value, name, value...
     */
    public static HttpHeaders of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("HttpHeaders.of needs name, value pairs; got an odd count "
                    + namesAndValues.length);
        }
        Builder b = builder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            b.add(namesAndValues[i], namesAndValues[i + 1]);
        }
        return b.build();
    }

    /** A builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** How many fields. */
    public int size() {
        return names.size();
    }

    /** The name of field {@code index}, as written. */
    public String name(int index) {
        return names.get(index);
    }

    /** The value of field {@code index}. */
    public String value(int index) {
        return values.get(index);
    }

    /** The first value of the named field. */
    public Optional<String> first(String name) {
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equalsIgnoreCase(name)) {
                return Optional.of(values.get(i));
            }
        }
        return Optional.empty();
    }

    /** Every value of the named field, in order. */
    public List<String> all(String name) {
        List<String> found = new ArrayList<>(1);
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equalsIgnoreCase(name)) {
                found.add(values.get(i));
            }
        }
        return Collections.unmodifiableList(found);
    }

    /** Whether the named field is present. */
    public boolean contains(String name) {
        return first(name).isPresent();
    }

    /**
     * Whether a comma-separated field contains a token, case-insensitively, e.g.
     * {@code hasToken("Connection", "close")}.
     */
    public boolean hasToken(String name, String token) {
        for (String value : all(name)) {
            for (String part : value.split(",")) {
                if (part.trim().equalsIgnoreCase(token)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The fields in order, as (name, value) entries. */
    public List<Map.Entry<String, String>> entries() {
        List<Map.Entry<String, String>> list = new ArrayList<>(names.size());
        for (int i = 0; i < names.size(); i++) {
            list.add(new AbstractMap.SimpleImmutableEntry<>(names.get(i), values.get(i)));
        }
        return Collections.unmodifiableList(list);
    }

    /** A copy with one more field at the end. */
    public HttpHeaders with(String name, String value) {
        return toBuilder().add(name, value).build();
    }

    /** A copy without any field of that name. */
    public HttpHeaders without(String name) {
        Builder b = builder();
        for (int i = 0; i < names.size(); i++) {
            if (!names.get(i).equalsIgnoreCase(name)) {
                b.add(names.get(i), values.get(i));
            }
        }
        return b.build();
    }

    /** A builder holding these fields. */
    public Builder toBuilder() {
        Builder b = builder();
        b.names.addAll(names);
        b.values.addAll(values);
        return b;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof HttpHeaders)) {
            return false;
        }
        HttpHeaders other = (HttpHeaders) o;
        if (other.size() != size()) {
            return false;
        }
        for (int i = 0; i < size(); i++) {
            if (!names.get(i).equalsIgnoreCase(other.names.get(i)) || !values.get(i).equals(other.values.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = 1;
        for (int i = 0; i < size(); i++) {
            h = 31 * h + names.get(i).toLowerCase(Locale.ROOT).hashCode();
            h = 31 * h + values.get(i).hashCode();
        }
        return h;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(names.get(i)).append(": ").append(values.get(i));
        }
        return sb.append('}').toString();
    }

    static boolean isTokenChar(int c) {
        if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
            return true;
        }
        return "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }

    static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!isTokenChar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Null when the value is acceptable, else the reason. */
    static String valueProblem(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c > 0xFF) {
                return "contains a character above U+00FF";
            }
            if (c < 0x20 && c != '\t' || c == 0x7F) {
                return "contains a control character (0x" + Integer.toHexString(c) + ")";
            }
        }
        return null;
    }

    /**
     * Builds {@link HttpHeaders}.
     *
     * <pre>{@code
     * HttpHeaders h = HttpHeaders.builder().add("Host", "example.org").add("Accept", "text/plain").build();
     * }</pre>
     */
    public static final class Builder {
        private final List<String> names = new ArrayList<>();
        private final List<String> values = new ArrayList<>();

        private Builder() {
        }

        /**
         * Appends a field.
         *
         * @throws IllegalArgumentException if the name is not a token or the value could
         *     split the message
         */
        public Builder add(String name, String value) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            if (!isToken(name)) {
                throw new IllegalArgumentException("HTTP header name '" + name + "' is not a token"
                        + " (letters, digits and !#$%&'*+-.^_`|~ only)");
            }
            String problem = valueProblem(value);
            if (problem != null) {
                throw new IllegalArgumentException("HTTP header '" + name + "' value " + problem);
            }
            names.add(name);
            values.add(value);
            return this;
        }

        /** Replaces every field of that name with one field. */
        public Builder set(String name, String value) {
            remove(name);
            return add(name, value);
        }

        /** Removes every field of that name. */
        public Builder remove(String name) {
            for (int i = names.size() - 1; i >= 0; i--) {
                if (names.get(i).equalsIgnoreCase(name)) {
                    names.remove(i);
                    values.remove(i);
                }
            }
            return this;
        }

        /** @return the headers */
        public HttpHeaders build() {
            if (names.isEmpty()) {
                return EMPTY;
            }
            return new HttpHeaders(List.copyOf(names), List.copyOf(values));
        }
    }
}
