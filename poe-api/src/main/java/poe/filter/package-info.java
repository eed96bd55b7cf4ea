/**
 * Filters (POE::Filter): turn a stream of raw chunks into records and records back into
 * chunks. Drivers ({@link poe.driver}) move the bytes; wheels put the two together.
 *
 * <table>
 *   <caption>The filters</caption>
 *   <tr><th>filter</th><th>chunks</th><th>records</th><th>what it does</th></tr>
 *   <tr><td>{@link poe.filter.Line}</td><td>byte[]</td><td>String</td><td>lines with literal, regex or autodetected terminators</td></tr>
 *   <tr><td>{@link poe.filter.Block}</td><td>byte[]</td><td>byte[]</td><td>fixed-size or length-prefixed blocks</td></tr>
 *   <tr><td>{@link poe.filter.Stream}</td><td>byte[]</td><td>byte[]</td><td>no framing: whatever arrived</td></tr>
 *   <tr><td>{@link poe.filter.Reference}</td><td>byte[]</td><td>T</td><td>serialized objects, allowlisted</td></tr>
 *   <tr><td>{@link poe.filter.Httpd}</td><td>byte[]</td><td>HttpMessage</td><td>HTTP/1.x requests in, responses out</td></tr>
 *   <tr><td>{@link poe.filter.Grep}</td><td>T</td><td>T</td><td>keeps records a predicate accepts</td></tr>
 *   <tr><td>{@link poe.filter.Map}</td><td>A</td><td>B</td><td>transforms each record</td></tr>
 *   <tr><td>{@link poe.filter.RecordBlock}</td><td>T</td><td>List&lt;T&gt;</td><td>groups records into fixed-size lists</td></tr>
 *   <tr><td>{@link poe.filter.Stackable}</td><td>I</td><td>O</td><td>several filters used as one</td></tr>
 * </table>
 *
 * <p>The contract ({@link poe.filter.Filter}): {@code getOneStart} buffers chunks,
 * {@code getOne} parses one record, {@code getPending} returns what is buffered (to hand
 * to another filter when switching mid-stream), {@code put} encodes records, and
 * {@code clone} makes a fresh filter with the same settings. Every buffer a peer can grow
 * is bounded; crossing a bound throws {@link poe.filter.FrameTooLargeException}
 * (Httpd answers with a 4xx response record instead).
 *
 * <pre>{@code
 * Filter<byte[], String> lines = Line.create();
 * List<String> got = lines.get(List.of("a\r\nb\r\n".getBytes(UTF_8)));   // [a, b]
 * }</pre>
 */
package poe.filter;
