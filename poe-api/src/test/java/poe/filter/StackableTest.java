package poe.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static poe.filter.FilterChecks.assertChunks;
import static poe.filter.FilterChecks.bytes;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StackableTest {

    private Line line;
    private Map<String, String> parens;
    private Grep<String> ones;
    private RecordBlock<String> pairs;
    private Stackable<byte[], List<String>> stack;

    @BeforeEach
    void buildStack() {
        line = Line.literal("!");
        parens = Map.of(s -> "(((" + s + ")))", s -> s);
        ones = Grep.of(s -> s.contains("1"), s -> true);
        pairs = RecordBlock.of(2);
        stack = Stackable.of(line).push(parens).push(ones).push(pairs);
    }

    @Test
    void recordsTravelThroughEveryFilter() {
        assertEquals(List.of(), stack.get(bytes("test one (1)!test two (2)!")), "one record is not a pair yet");
        assertChunks(List.of("(((test one (1))))!"), stack.getPending(),
                "what the RecordBlock holds, re-encoded through the filters above it");
        List<List<String>> got = stack.get(bytes("test three (3)!test four (100)!"));
        assertEquals(List.of(List.of("(((test one (1))))", "(((test four (100))))")), got);
        assertChunks(List.of("(((test one (1))))!", "(((test four (100))))!",
                "(((test one (1))))!", "(((test four (100))))!"), stack.put(List.of(got.get(0), got.get(0))));
    }

    @Test
    void pendingKeepsStreamOrderDeepestFirst() {
        Stackable<byte[], List<String>> s = Stackable.of(Line.literal("\n")).push(RecordBlock.<String>of(3));
        assertEquals(List.of(), s.get(bytes("a\nb\nhalf")));
        assertChunks(List.of("a\n", "b\n", "half"), s.getPending());
    }

    @Test
    void filterTypesAndFilters() {
        assertEquals(List.of(Line.class, Map.class, Grep.class, RecordBlock.class), stack.filterTypes());
        assertEquals(List.of(line, parens, ones, pairs), stack.filters());
    }

    @Test
    void popShiftPushUnshiftRestoreTheOrder() {
        List<Filter<?, ?>> before = stack.filters();
        Filter<?, ?> popped = stack.pop();
        assertSame(pairs, popped);
        Filter<?, ?> shifted = stack.shift();
        assertSame(line, shifted);
        Stackable<String, String> middle = stack.retype();
        Stackable<byte[], List<String>> again = middle.unshift(line).push(pairs);
        assertSame(stack, again);
        assertEquals(before, again.filters());
    }

    @Test
    void popHandsTheRemovedFiltersPendingRecordsOn() {
        assertEquals(List.of(), stack.get(bytes("one 1!")));
        stack.pop();
        Stackable<byte[], String> shorter = stack.retype();
        assertEquals(Optional.of("(((one 1)))"), shorter.getOne(), "the record RecordBlock was holding");
        assertEquals(List.of("(((two 1)))"), shorter.get(bytes("two 1!")));
    }

    @Test
    void shiftLeavesUndecodedInputInTheRemovedFilter() {
        Stackable<byte[], String> s = Stackable.of(Line.literal("\n")).push(Map.of(String::toUpperCase));
        assertEquals(List.of("A"), s.get(bytes("a\nrest")));
        Filter<?, ?> removed = s.shift();
        assertChunks(List.of("rest"), FilterChecks.bytes(FilterChecks.s((byte[]) removed.getPending().get(0))));
        Stackable<String, String> upper = s.retype();
        assertEquals(List.of("X"), upper.get(List.of("x")));
    }

    @Test
    void misuseIsRefusedAndLeavesTheStackAlone() {
        List<Filter<?, ?>> before = stack.filters();
        assertThrows(NullPointerException.class, () -> stack.push(null));
        assertThrows(NullPointerException.class, () -> Stackable.ofFilters(java.util.Arrays.asList(line, null)));
        assertEquals(before, stack.filters());
        Stackable<String, String> empty = Stackable.empty();
        assertThrows(IllegalStateException.class, empty::pop);
        assertThrows(IllegalStateException.class, empty::shift);
    }

    @Test
    void emptyStackPassesRecordsThrough() {
        Stackable<String, String> empty = Stackable.empty();
        assertEquals(List.of("a", "b"), empty.get(List.of("a", "b")));
        assertEquals(List.of("c"), empty.put(List.of("c")));
        empty.getOneStart(List.of("d"));
        assertEquals(List.of("d"), empty.getPending());
    }

    @Test
    void ofFiltersBuildsTheSameStackAsPush() {
        Stackable<byte[], String> s = Stackable.ofFilters(List.of(Line.literal("\n"), Map.of(String::trim)));
        assertEquals(List.of("a", "b"), s.get(bytes(" a \n b\n")));
    }

    @Test
    void cloneCopiesEveryFilter() {
        Stackable<byte[], List<String>> copy = stack.clone();
        assertNotSame(stack, copy);
        assertEquals(stack.filterTypes(), copy.filterTypes());
        for (int i = 0; i < stack.filters().size(); i++) {
            assertNotSame(stack.filters().get(i), copy.filters().get(i));
        }
        stack.getOneStart(bytes("x 1!"));
        assertEquals(List.of(), copy.getPending(), "buffers are not shared");
    }

    @Test
    void standardRun() {
        Stackable<byte[], String> s = Stackable.of(Line.literal("\n")).push(Map.of(String::toUpperCase, String::toLowerCase));
        FilterChecks.standard(s, bytes("a\nb", "\nc\n"), List.of("A", "B", "C"), bytes("a\n", "b\n", "c\n"));
    }
}
