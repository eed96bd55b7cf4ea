package poe.filter;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A filter (POE::Filter): turns a stream of raw chunks into records, and records back
 * into raw chunks.
 *
 * <p>{@code I} is the type of the raw chunks: {@code byte[]} for every filter that works
 * on bytes (Line, Block, Stream, Reference, Httpd), or the record type of the filter
 * below it in a {@link Stackable}. {@code O} is the type of the records. Decoding
 * ("get") goes from {@code I} chunks to {@code O} records; encoding ("put") goes from
 * {@code O} records to {@code I} chunks.
 *
 * <p>Decoding is split in two so that a reader can switch filters between two records
 * without losing bytes: {@link #getOneStart(List)} only buffers chunks, and each
 * {@link #getOne()} call parses at most one record. To switch, stop calling
 * {@code getOne()} on the old filter, hand its {@link #getPending()} to the new
 * filter's {@code getOneStart}, and continue with the new one.
 *
 * <p>Ownership of arrays. Chunks given to {@link #getOneStart(List)} (and {@link #get(List)})
 * are handed over: a filter may keep them and return them, or parts of them, as records
 * without copying ({@link Stream} returns a lone chunk as it is), so the caller must not
 * change or reuse an array after handing it in. Drivers return a new array per read
 * ({@link poe.driver.SysRW}), so wheels can hand on what they read; code that reads into
 * a buffer of its own passes a copy. {@link #put(List)} is the other way round: it
 * returns arrays of its own (the caller may change or reuse its records afterwards), and
 * the byte filters' {@link #getPending()} returns copies. No filter accepts {@code null} chunks
 * or records.
 *
 * <p>Errors: a filter throws {@link FilterException} (or its subclass
 * {@link FrameTooLargeException} for a crossed limit) from {@link #getOneStart(List)} or
 * {@link #getOne()} when the input cannot be framed. Each filter's Javadoc says when,
 * and what it has discarded by then; memory is released either way. {@link Httpd} never
 * throws for malformed input: it returns an error response record instead.
 *
 * <p>Filters are not thread-safe: a filter belongs to one stream and one thread.
 *
 * <pre>{@code
 * Filter<byte[], String> lines = Line.create();
 * lines.getOneStart(List.of("hello\r\nwor".getBytes(StandardCharsets.UTF_8)));
 * Optional<String> first = lines.getOne();     // "hello"
 * Optional<String> none = lines.getOne();      // empty: "wor" is still buffered
 * List<byte[]> wire = lines.put(List.of("bye")); // "bye\r\n"
 * }</pre>
 *
 * @param <I> the type of raw chunks (decoder input, encoder output)
 * @param <O> the type of records (decoder output, encoder input)
 */
public interface Filter<I, O> {

    /**
     * Buffers raw chunks for later {@link #getOne()} calls. Parses nothing, so that a
     * filter switch between two records loses nothing.
     *
     * @param chunks raw chunks, in stream order; none may be null. They are handed over:
     *     the filter may keep them, so do not change them afterwards
     * @throws FrameTooLargeException if buffering them would cross the filter's buffer
     *     limit; the chunks are then not buffered
     */
    void getOneStart(List<? extends I> chunks);

    /**
     * Parses the next record out of what has been buffered.
     *
     * @return the next record, or empty when more input is needed
     * @throws FilterException if the buffered input cannot be framed (see each filter)
     */
    Optional<O> getOne();

    /**
     * What this filter has buffered but not yet returned as records, in raw form: the
     * chunks a new filter needs to continue the stream after a switch. Does not clear the
     * buffer.
     *
     * @return the pending raw data, empty if nothing is buffered
     */
    List<I> getPending();

    /**
     * Encodes records into raw chunks.
     *
     * @param records the records to encode, none null
     * @return the raw chunks, possibly fewer or more than the records
     */
    List<I> put(List<? extends O> records);

    /**
     * A new filter with the same settings and an empty buffer (POE's {@code clone}).
     *
     * @return a fresh filter of the same type
     */
    Filter<I, O> clone();

    /**
     * Buffers the chunks and returns every record that is now complete: the same as
     * {@link #getOneStart(List)} followed by {@link #getOne()} until it returns empty.
     *
     * @param chunks raw chunks, in stream order
     * @return the complete records, possibly none
     * @throws FilterException as {@link #getOneStart(List)} and {@link #getOne()} do
     */
    default List<O> get(List<? extends I> chunks) {
        getOneStart(chunks);
        List<O> records = new ArrayList<>();
        for (Optional<O> next = getOne(); next.isPresent(); next = getOne()) {
            records.add(next.get());
        }
        return records;
    }
}
