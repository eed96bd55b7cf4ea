package poe.filter;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A stack of filters used as one (POE::Filter::Stackable): input goes through the first
 * filter, its records through the second, and so on; output goes through them in
 * reverse.
 *
 * <p>Typing: build a stack with {@link #of(Filter)} and {@link #push(Filter)}, which check
 * at compile time that each filter takes the records of the one before. {@code push} and
 * {@link #unshift(Filter)} return the same stack with its new type; keep using the
 * returned reference. {@link #pop()} and {@link #shift()} cannot know the new type: use
 * {@link #retype()} afterwards to name it. An empty stack passes records through.
 *
 * <p>{@link #getOne()} pulls one record through the whole stack, so what each filter has
 * buffered stays where it is. {@link #getPending()} returns the stack's buffered input in
 * raw form: what deeper filters hold is re-encoded through the {@code put} of the filters
 * above them (exact when each filter's put undoes its get), followed by the first
 * filter's own pending input. {@link #pop()} keeps the removed filter's pending input:
 * those are records of the stack's new output type, returned first by the next
 * {@code getOne()} calls. {@link #shift()} leaves the removed filter's undecoded input in
 * that filter ({@code removed.getPending()}).
 *
 * <p>Errors are those of the stacked filters.
 *
 * <pre>{@code
 * Stackable<byte[], List<String>> stack = Stackable.of(Line.literal("!"))
 *     .push(Map.of(s -> "(" + s + ")"))
 *     .push(Grep.of(s -> s.contains("1"), s -> true))
 *     .push(RecordBlock.of(2));
 * stack.get(List.of("one 1!two 2!three 1!".getBytes(UTF_8)));   // [[(one 1), (three 1)]]
 * }</pre>
 *
 * @param <I> the raw chunk type of the first filter
 * @param <O> the record type of the last filter
 */
public final class Stackable<I, O> implements Filter<I, O> {

    private final List<Filter<Object, Object>> filters = new ArrayList<>();
    private final ArrayDeque<Object> carried = new ArrayDeque<>();

    private Stackable() {
    }

    /** A stack of one filter. */
    public static <I, O> Stackable<I, O> of(Filter<I, O> first) {
        Stackable<I, O> stack = new Stackable<>();
        stack.filters.add(raw(first));
        return stack;
    }

    /** An empty stack: records pass through unchanged. */
    public static <T> Stackable<T, T> empty() {
        return new Stackable<>();
    }

    /**
     * A stack of the given filters, first to last, like POE's {@code Filters => [...]}.
     * The compiler cannot check that neighbours fit; prefer {@link #of} and {@link #push}.
     *
     * @param filters the filters; each must take the records of the one before
     */
    public static <I, O> Stackable<I, O> ofFilters(List<? extends Filter<?, ?>> filters) {
        Stackable<I, O> stack = new Stackable<>();
        for (Filter<?, ?> f : filters) {
            stack.filters.add(raw(f));
        }
        return stack;
    }

    @SuppressWarnings("unchecked")
    private static Filter<Object, Object> raw(Filter<?, ?> filter) {
        return (Filter<Object, Object>) Objects.requireNonNull(filter, "filter must not be null");
    }

    /**
     * Adds a filter at the output end.
     *
     * @param filter takes this stack's records
     * @return this stack, with its new record type
     */
    @SuppressWarnings("unchecked")
    public <N> Stackable<I, N> push(Filter<O, N> filter) {
        filters.add(raw(filter));
        return (Stackable<I, N>) this;
    }

    /**
     * Adds a filter at the input end.
     *
     * @param filter produces this stack's raw chunks as its records
     * @return this stack, with its new raw type
     */
    @SuppressWarnings("unchecked")
    public <N> Stackable<N, O> unshift(Filter<N, I> filter) {
        filters.add(0, raw(filter));
        return (Stackable<N, O>) this;
    }

    /**
     * Removes the filter at the output end. Its pending input (records of the new last
     * filter) will be returned first by {@link #getOne()}.
     *
     * @return the removed filter
     * @throws IllegalStateException if the stack is empty
     */
    public Filter<?, ?> pop() {
        if (filters.isEmpty()) {
            throw new IllegalStateException("Stackable: pop() on an empty stack");
        }
        Filter<Object, Object> removed = filters.remove(filters.size() - 1);
        carried.addAll(removed.getPending());
        return removed;
    }

    /**
     * Removes the filter at the input end. Its undecoded input stays in it.
     *
     * @return the removed filter
     * @throws IllegalStateException if the stack is empty
     */
    public Filter<?, ?> shift() {
        if (filters.isEmpty()) {
            throw new IllegalStateException("Stackable: shift() on an empty stack");
        }
        return filters.remove(0);
    }

    /**
     * This stack under new type arguments, after {@link #pop()} or {@link #shift()}. The
     * compiler cannot check them.
     */
    @SuppressWarnings("unchecked")
    public <NI, NO> Stackable<NI, NO> retype() {
        return (Stackable<NI, NO>) this;
    }

    /** The stacked filters, first to last. */
    public List<Filter<?, ?>> filters() {
        return List.copyOf(filters);
    }

    /** The classes of the stacked filters, first to last (POE's {@code filter_types}). */
    public List<Class<?>> filterTypes() {
        List<Class<?>> types = new ArrayList<>(filters.size());
        for (Filter<?, ?> f : filters) {
            types.add(f.getClass());
        }
        return types;
    }

    @Override
    public void getOneStart(List<? extends I> chunks) {
        if (filters.isEmpty()) {
            for (I chunk : chunks) {
                carried.add(Objects.requireNonNull(chunk, "chunks must not contain null"));
            }
            return;
        }
        filters.get(0).getOneStart(chunks);
    }

    @Override
    @SuppressWarnings("unchecked")
    public Optional<O> getOne() {
        if (!carried.isEmpty()) {
            return Optional.of((O) carried.poll());
        }
        if (filters.isEmpty()) {
            return Optional.empty();
        }
        return (Optional<O>) pull(filters.size() - 1);
    }

    private Optional<Object> pull(int level) {
        Filter<Object, Object> filter = filters.get(level);
        while (true) {
            Optional<Object> next = filter.getOne();
            if (next.isPresent() || level == 0) {
                return next;
            }
            Optional<Object> feed = pull(level - 1);
            if (feed.isEmpty()) {
                return Optional.empty();
            }
            filter.getOneStart(List.of(feed.get()));
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<I> getPending() {
        List<Object> raw = new ArrayList<>(encodeFrom(filters.size(), new ArrayList<>(carried)));
        for (int level = filters.size() - 1; level >= 1; level--) {
            raw.addAll(encodeFrom(level, filters.get(level).getPending()));
        }
        if (!filters.isEmpty()) {
            raw.addAll(filters.get(0).getPending());
        }
        return (List<I>) raw;
    }

    /** Encodes records that are input to filter {@code level} through the filters below it. */
    private List<Object> encodeFrom(int level, List<Object> records) {
        List<Object> data = records;
        for (int i = level - 1; i >= 0 && !data.isEmpty(); i--) {
            data = filters.get(i).put(data);
        }
        return data;
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<I> put(List<? extends O> records) {
        List<Object> data = new ArrayList<>(records);
        for (int i = filters.size() - 1; i >= 0 && !data.isEmpty(); i--) {
            data = filters.get(i).put(data);
        }
        return (List<I>) data;
    }

    @Override
    public Stackable<I, O> clone() {
        Stackable<I, O> copy = new Stackable<>();
        for (Filter<Object, Object> f : filters) {
            copy.filters.add(raw(f.clone()));
        }
        return copy;
    }
}
