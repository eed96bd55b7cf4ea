package poe.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class MapTest {

    @Test
    void missingFunctionsAreRefused() {
        assertThrows(NullPointerException.class, () -> Map.of((UnaryOperator<String>) null));
        assertThrows(NullPointerException.class, () -> Map.<String, String>of(s -> s, null));
        assertThrows(NullPointerException.class, () -> Map.<String, String>of(null, s -> s));
    }

    @Test
    void separateGetAndPutFunctions() {
        Map<String, String> map = Map.of(String::toUpperCase, String::toLowerCase);
        assertEquals(List.of("a", "b", "c"), map.put(List.of("A", "B", "C")));
        assertEquals(List.of("A", "B", "C"), map.get(List.of("a", "b", "c")));
        FilterChecks.standard(map, List.of("x", "y"), List.of("X", "Y"), List.of("x", "y"));
    }

    @Test
    void oneFunctionBothWays() {
        Map<String, String> map = Map.of(String::toUpperCase);
        assertEquals(List.of("A", "B", "C"), map.put(List.of("a", "b", "c")));
        assertEquals(List.of("A", "B", "C"), map.get(List.of("a", "b", "c")));
    }

    @Test
    void typesMayDifferOnEachSide() {
        Map<String, Integer> numbers = Map.of(Integer::valueOf, String::valueOf);
        assertEquals(List.of(1, 22), numbers.get(List.of("1", "22")));
        assertEquals(List.of("3"), numbers.put(List.of(3)));
    }

    @Test
    void functionsCanBeReplaced() {
        Map<String, String> map = Map.of(s -> "GET", s -> "PUT");
        assertThrows(NullPointerException.class, () -> map.setGetFunction(null));
        assertThrows(NullPointerException.class, () -> map.setPutFunction(null));
        map.setGetFunction(s -> "NGet");
        assertEquals(List.of("NGet"), map.get(List.of("a")));
        map.setPutFunction(s -> "NPut");
        assertEquals(List.of("NPut"), map.put(List.of("a")));
    }

    @Test
    void pendingRecordsAndGetOne() {
        Map<Integer, String> map = Map.of(i -> "(((" + i + ")))", s -> 0);
        map.getOneStart(List.of(1, 1, 2, 3, 5));
        assertEquals(List.of(1, 1, 2, 3, 5), map.getPending());
        for (int expected : List.of(1, 1, 2, 3, 5)) {
            assertEquals(Optional.of("(((" + expected + ")))"), map.getOne());
        }
        assertEquals(Optional.empty(), map.getOne());
    }

    @Test
    void aFunctionReturningNullIsAnError() {
        Map<String, String> map = Map.of(s -> null);
        NullPointerException e = assertThrows(NullPointerException.class, () -> map.get(List.of("a")));
        assertEquals("Map: the get function returned null", e.getMessage());
        assertThrows(NullPointerException.class, () -> map.put(List.of("a")));
    }
}
