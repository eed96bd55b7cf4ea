package poe.filter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import poe.filter.http.HttpMessage;
import poe.filter.http.HttpRequest;

/**
 * For every framing filter: any sequence of records, put and then fed back in chunks of
 * random sizes (draining with getOne() after each chunk, as a wheel does), comes out
 * identical.
 */
class RoundTripProperties {

    private static final int TRIES = 150;

    /** Cuts the bytes at the given sizes (cycled) and decodes chunk by chunk. */
    static <O> List<O> feed(Filter<byte[], O> filter, List<byte[]> wire, List<Integer> cuts) {
        byte[] all = FilterChecks.concat(wire);
        List<O> out = new ArrayList<>();
        int at = 0;
        int i = 0;
        while (at < all.length) {
            int n = Math.min(all.length - at, cuts.get(i++ % cuts.size()));
            filter.getOneStart(List.of(Arrays.copyOfRange(all, at, at + n)));
            at += n;
            for (Optional<O> next = filter.getOne(); next.isPresent(); next = filter.getOne()) {
                out.add(next.get());
            }
        }
        return out;
    }

    @Provide
    Arbitrary<List<Integer>> cuts() {
        return Arbitraries.integers().between(1, 40).list().ofMinSize(1).ofMaxSize(20);
    }

    /** Text without CR or LF, valid UTF-16 (no lone surrogates), including non-ASCII. */
    @Provide
    Arbitrary<List<String>> lines() {
        Arbitrary<String> line = Arbitraries.strings()
                .withCharRange('\u0000', '\u00ff').withCharRange('\u0100', '\ud7ff')
                .ofMaxLength(30)
                .filter(s -> s.indexOf('\r') < 0 && s.indexOf('\n') < 0);
        return line.list().ofMaxSize(20);
    }

    @Provide
    Arbitrary<String> newline() {
        return Arbitraries.of("\n", "\r\n", "\r", "\n\r");
    }

    @Property(tries = TRIES)
    void lineAnyNewline(@ForAll("lines") List<String> records, @ForAll("newline") String out,
            @ForAll("cuts") List<Integer> cuts) {
        Line line = Line.builder().outputLiteral(out).build();
        assertEquals(records, feed(line, line.put(records), cuts));
    }

    @Property(tries = TRIES)
    void lineAutodetect(@ForAll("lines") List<String> records, @ForAll("newline") String out,
            @ForAll("cuts") List<Integer> cuts) {
        Line line = Line.builder().autodetectInput().outputLiteral(out).build();
        assertEquals(records, feed(line, line.put(records), cuts));
    }

    @Property(tries = TRIES)
    void lineLiteral(@ForAll("lines") List<String> records, @ForAll("cuts") List<Integer> cuts,
            @ForAll("literals") String literal) {
        List<String> usable = new ArrayList<>();
        for (String r : records) {
            if (!r.contains(literal) && !(r + literal).substring(0, r.length() + literal.length() - 1).contains(literal)) {
                usable.add(r);
            }
        }
        Line line = Line.literal(literal);
        assertEquals(usable, feed(line, line.put(usable), cuts));
    }

    @Provide
    Arbitrary<String> literals() {
        return Arbitraries.of("\n", "\r\n", "x", "<END>", "\u00e9\u00e9", "\u2603");
    }

    @Property(tries = TRIES)
    void lineRegex(@ForAll("lines") List<String> records, @ForAll("cuts") List<Integer> cuts) {
        List<String> usable = new ArrayList<>();
        for (String r : records) {
            usable.add(r.replace(";", "").replace("|", ""));
        }
        Line line = Line.builder().inputRegex("[;|]").outputLiteral(";").build();
        assertEquals(usable, feed(line, line.put(usable), cuts));
    }

    @Provide
    Arbitrary<List<byte[]>> blobs() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(300).list().ofMaxSize(15);
    }

    private static void assertSameBytes(List<byte[]> expected, List<byte[]> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i), actual.get(i), "record " + i);
        }
    }

    @Property(tries = TRIES)
    void blockLengthPrefixed(@ForAll("blobs") List<byte[]> records, @ForAll("cuts") List<Integer> cuts,
            @ForAll boolean int32) {
        Block block = int32 ? Block.lengthPrefixed(LengthCodec.int32()) : Block.lengthPrefixed();
        assertSameBytes(records, feed(block, block.put(records), cuts));
    }

    @Property(tries = TRIES)
    void blockFixed(@ForAll @IntRange(min = 1, max = 64) int size, @ForAll @Size(max = 20) List<@IntRange(min = 0, max = 255) Integer> seeds,
            @ForAll("cuts") List<Integer> cuts) {
        List<byte[]> records = new ArrayList<>();
        for (int seed : seeds) {
            byte[] r = new byte[size];
            Arrays.fill(r, (byte) seed);
            r[0] = (byte) records.size();
            records.add(r);
        }
        Block block = Block.fixed(size);
        assertSameBytes(records, feed(block, block.put(records), cuts));
    }

    @Property(tries = TRIES)
    void streamKeepsEveryByteInOrder(@ForAll("blobs") List<byte[]> records, @ForAll("cuts") List<Integer> cuts) {
        Stream stream = Stream.create();
        assertArrayEquals(FilterChecks.concat(records), FilterChecks.concat(feed(stream, stream.put(records), cuts)));
    }

    @Provide
    Arbitrary<List<Object>> objects() {
        Arbitrary<Object> leaf = Arbitraries.oneOf(
                Arbitraries.strings().withCharRange('\u0000', '\ud7ff').ofMaxLength(20).map(s -> (Object) s),
                Arbitraries.integers().map(i -> (Object) i),
                Arbitraries.longs().map(l -> (Object) l),
                Arbitraries.doubles().map(d -> (Object) d));
        Arbitrary<Object> list = leaf.list().ofMaxSize(5).map(l -> (Object) new ArrayList<>(l));
        return Arbitraries.oneOf(leaf, list).list().ofMaxSize(10);
    }

    @Property(tries = 60)
    void reference(@ForAll("objects") List<Object> records, @ForAll("cuts") List<Integer> cuts, @ForAll boolean compression) {
        Reference<Object> filter = Reference.builder(Object.class).compression(compression).build();
        assertEquals(records, feed(filter, filter.put(records), cuts));
    }

    @Provide
    Arbitrary<List<HttpMessage>> requests() {
        Arbitrary<String> method = Arbitraries.of("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "X-CUSTOM");
        Arbitrary<String> target = Arbitraries.strings().withCharRange('a', 'z').withChars('/', '.', '-', '?', '=', '&', '%')
                .ofMaxLength(30).map(s -> "/" + s);
        Arbitrary<String> version = Arbitraries.of("HTTP/1.0", "HTTP/1.1");
        Arbitrary<String> name = Arbitraries.strings().withCharRange('a', 'z').withChars('-').ofMinLength(1).ofMaxLength(12)
                .map(s -> "X-" + s);
        Arbitrary<String> value = Arbitraries.strings().withCharRange(' ', '~').withChars('\t', '\u00e9').ofMaxLength(40)
                .map(String::strip).filter(s -> s.equals(s.strip()) && !s.startsWith("\t") && !s.endsWith("\t"));
        Arbitrary<List<String[]>> headers = Combinators.combine(name, value).as((n, v) -> new String[] {n, v})
                .list().ofMaxSize(6);
        Arbitrary<byte[]> body = Arbitraries.bytes().array(byte[].class).ofMaxSize(200);
        Arbitrary<HttpMessage> request = Combinators.combine(method, target, version, headers, body, Arbitraries.of(false, true))
                .as((m, t, v, hs, b, chunked) -> {
                    HttpRequest.Builder r = HttpRequest.builder(m, t).version(v);
                    for (String[] h : hs) {
                        r.header(h[0], h[1]);
                    }
                    if (chunked && v.equals("HTTP/1.1")) {
                        r.header("Transfer-Encoding", "chunked").rawBody(b);
                    } else {
                        r.body(b);
                    }
                    return (HttpMessage) r.build();
                });
        return request.list().ofMaxSize(5);
    }

    @Property(tries = 100)
    void httpdRequests(@ForAll("requests") List<HttpMessage> requests, @ForAll("cuts") List<Integer> cuts) {
        Httpd httpd = Httpd.create();
        List<HttpMessage> got = feed(httpd, httpd.put(requests), cuts);
        assertEquals(requests, got);
        assertTrue(httpd.getPending().isEmpty());
    }

    @Property(tries = TRIES)
    void stackOfLineMapAndRecordBlock(@ForAll @Size(max = 10) List<@Size(3) List<Integer>> triples,
            @ForAll("cuts") List<Integer> cuts) {
        Stackable<byte[], List<Integer>> stack = Stackable.of(Line.literal("\n"))
                .push(Map.<String, Integer>of(Integer::valueOf, String::valueOf))
                .push(RecordBlock.<Integer>of(3));
        assertEquals(triples, feed(stack, stack.put(triples), cuts));
    }

    @Property(tries = TRIES)
    void recordBlockRegroupsAnyFeed(@ForAll @Size(max = 10) List<@Size(4) List<String>> blocks,
            @ForAll("cuts") List<Integer> cuts) {
        RecordBlock<String> filter = RecordBlock.of(4);
        List<String> flat = filter.put(blocks);
        List<List<String>> got = new ArrayList<>();
        int at = 0;
        int i = 0;
        while (at < flat.size()) {
            int n = Math.min(flat.size() - at, cuts.get(i++ % cuts.size()));
            got.addAll(filter.get(flat.subList(at, at + n)));
            at += n;
        }
        assertEquals(blocks, got);
    }

    @Property(tries = 50)
    void utf8LinesSurviveByteSplits(@ForAll("lines") List<String> records, @ForAll("cuts") List<Integer> cuts) {
        Line line = Line.builder().charset(StandardCharsets.UTF_8).literal("\n").build();
        assertEquals(records, feed(line, line.put(records), cuts));
    }
}
