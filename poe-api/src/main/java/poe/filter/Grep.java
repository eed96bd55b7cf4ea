package poe.filter;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A record filter that keeps only the records a predicate accepts (POE::Filter::Grep),
 * one predicate for each direction. Usually stacked on a framing filter in a
 * {@link Stackable}.
 *
 * <pre>{@code
 * Grep<String> numbers = Grep.of(s -> s.matches("\\d+"));
 * numbers.get(List.of("a", "1", "b", "2"));     // ["1", "2"]
 *
 * Grep<String> split = Grep.of(s -> !s.isEmpty(), s -> true);  // drop empty input lines only
 * }</pre>
 *
 * @param <T> the record type, the same in and out
 */
public final class Grep<T> implements Filter<T, T> {

    private final ArrayDeque<T> buffer = new ArrayDeque<>();
    private Predicate<? super T> getPredicate;
    private Predicate<? super T> putPredicate;

    private Grep(Predicate<? super T> get, Predicate<? super T> put) {
        this.getPredicate = Objects.requireNonNull(get, "get predicate");
        this.putPredicate = Objects.requireNonNull(put, "put predicate");
    }

    /** The same predicate for both directions. */
    public static <T> Grep<T> of(Predicate<? super T> both) {
        return new Grep<>(both, both);
    }

    /** One predicate for input records, one for output records. */
    public static <T> Grep<T> of(Predicate<? super T> get, Predicate<? super T> put) {
        return new Grep<>(get, put);
    }

    @Override
    public void getOneStart(List<? extends T> chunks) {
        for (T t : chunks) {
            buffer.add(Objects.requireNonNull(t, "chunks must not contain null"));
        }
    }

    @Override
    public Optional<T> getOne() {
        while (!buffer.isEmpty()) {
            T next = buffer.poll();
            if (getPredicate.test(next)) {
                return Optional.of(next);
            }
        }
        return Optional.empty();
    }

    @Override
    public List<T> getPending() {
        return List.copyOf(buffer);
    }

    @Override
    public List<T> put(List<? extends T> records) {
        List<T> out = new ArrayList<>(records.size());
        for (T t : records) {
            if (putPredicate.test(Objects.requireNonNull(t, "records must not contain null"))) {
                out.add(t);
            }
        }
        return out;
    }

    @Override
    public Grep<T> clone() {
        return new Grep<>(getPredicate, putPredicate);
    }

    /** Replaces the input predicate (POE's {@code modify(Get => ...)}). */
    public void setGetPredicate(Predicate<? super T> get) {
        getPredicate = Objects.requireNonNull(get, "get predicate");
    }

    /** Replaces the output predicate (POE's {@code modify(Put => ...)}). */
    public void setPutPredicate(Predicate<? super T> put) {
        putPredicate = Objects.requireNonNull(put, "put predicate");
    }

    /** Replaces both predicates (POE's {@code modify(Code => ...)}). */
    public void setPredicate(Predicate<? super T> both) {
        Objects.requireNonNull(both, "predicate");
        getPredicate = both;
        putPredicate = both;
    }
}
