package poe.filter;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * A record filter that transforms each record (POE::Filter::Map): one function for input
 * records, one for output records. Usually stacked on a framing filter in a
 * {@link Stackable}. The functions must not return null.
 *
 * <pre>{@code
 * Map<String, String> upper = Map.of(String::toUpperCase);
 * upper.get(List.of("a", "b"));       // ["A", "B"]
 *
 * Map<String, Integer> numbers = Map.of(Integer::valueOf, String::valueOf);
 * numbers.get(List.of("1", "2"));      // [1, 2]
 * numbers.put(List.of(3));             // ["3"]
 * }</pre>
 *
 * @param <A> the input type (what goes in on get, comes out of put)
 * @param <B> the record type (what comes out of get, goes in to put)
 */
public final class Map<A, B> implements Filter<A, B> {

    private final ArrayDeque<A> buffer = new ArrayDeque<>();
    private Function<? super A, ? extends B> getFunction;
    private Function<? super B, ? extends A> putFunction;

    private Map(Function<? super A, ? extends B> get, Function<? super B, ? extends A> put) {
        this.getFunction = Objects.requireNonNull(get, "get function");
        this.putFunction = Objects.requireNonNull(put, "put function");
    }

    /** The same function for both directions. */
    public static <T> Map<T, T> of(UnaryOperator<T> both) {
        return new Map<>(both, both);
    }

    /** One function for input records, one for output records. */
    public static <A, B> Map<A, B> of(Function<? super A, ? extends B> get,
            Function<? super B, ? extends A> put) {
        return new Map<>(get, put);
    }

    @Override
    public void getOneStart(List<? extends A> chunks) {
        for (A a : chunks) {
            buffer.add(Objects.requireNonNull(a, "chunks must not contain null"));
        }
    }

    @Override
    public Optional<B> getOne() {
        A next = buffer.poll();
        if (next == null) {
            return Optional.empty();
        }
        return Optional.of(Objects.requireNonNull(getFunction.apply(next),
                "Map: the get function returned null"));
    }

    @Override
    public List<A> getPending() {
        return List.copyOf(buffer);
    }

    @Override
    public List<A> put(List<? extends B> records) {
        List<A> out = new ArrayList<>(records.size());
        for (B b : records) {
            out.add(Objects.requireNonNull(putFunction.apply(
                    Objects.requireNonNull(b, "records must not contain null")),
                    "Map: the put function returned null"));
        }
        return out;
    }

    @Override
    public Map<A, B> clone() {
        return new Map<>(getFunction, putFunction);
    }

    /** Replaces the input function (POE's {@code modify(Get => ...)}). */
    public void setGetFunction(Function<? super A, ? extends B> get) {
        getFunction = Objects.requireNonNull(get, "get function");
    }

    /** Replaces the output function (POE's {@code modify(Put => ...)}). */
    public void setPutFunction(Function<? super B, ? extends A> put) {
        putFunction = Objects.requireNonNull(put, "put function");
    }
}
