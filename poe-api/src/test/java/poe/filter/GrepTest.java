package poe.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class GrepTest {

    private static final Predicate<String> DIGIT = s -> s.matches(".*\\d.*");
    private static final Predicate<String> LETTER = s -> s.matches(".*[a-zA-Z].*");
    private static final Predicate<String> WORD = s -> s.matches(".*\\w.*");

    @Test
    void missingPredicatesAreRefused() {
        assertThrows(NullPointerException.class, () -> Grep.of(null));
        assertThrows(NullPointerException.class, () -> Grep.<String>of(DIGIT, null));
        assertThrows(NullPointerException.class, () -> Grep.<String>of(null, DIGIT));
    }

    @Test
    void separateGetAndPutPredicates() {
        Grep<String> grep = Grep.of(DIGIT, LETTER);
        assertEquals(List.of("A", "B", "C"), grep.put(List.of("A", "B", "C", "1", "2", "3")));
        assertEquals(List.of("1", "2", "3"), grep.get(List.of("a", "b", "c", "1", "2", "3")));
        FilterChecks.standard(grep, List.of("a", "b", "c", "1", "2", "3"), List.of("1", "2", "3"), List.of());
    }

    @Test
    void onePredicateBothWays() {
        Grep<String> grep = Grep.of(WORD);
        List<String> in = List.of("a", "b", "c", "1", "2", "3", "!", "@");
        List<String> words = List.of("a", "b", "c", "1", "2", "3");
        assertEquals(words, grep.put(in));
        assertEquals(words, grep.get(in));
        FilterChecks.standard(grep, in, words, words);
    }

    @Test
    void predicatesCanBeReplaced() {
        Grep<String> grep = Grep.of(s -> s.contains("1"), s -> s.contains("1"));
        assertThrows(NullPointerException.class, () -> grep.setGetPredicate(null));
        assertThrows(NullPointerException.class, () -> grep.setPutPredicate(null));
        assertThrows(NullPointerException.class, () -> grep.setPredicate(null));

        grep.setGetPredicate(DIGIT);
        assertEquals(List.of("1", "2", "3"), grep.get(List.of("a", "b", "c", "1", "2", "3")));
        grep.setPutPredicate(LETTER);
        assertEquals(List.of("A", "B", "C"), grep.put(List.of("A", "B", "C", "1", "2", "3")));
        grep.setPredicate(WORD);
        assertEquals(List.of("a", "1"), grep.put(List.of("a", "1", "!")));
        assertEquals(List.of("a", "1"), grep.get(List.of("a", "1", "!")));
    }

    @Test
    void pendingRecordsAndGetOne() {
        Grep<Integer> odd = Grep.of(i -> (i & 1) == 1);
        odd.getOneStart(List.of(1, 1, 2, 3, 5));
        assertEquals(List.of(1, 1, 2, 3, 5), odd.getPending());
        for (int expected : List.of(1, 1, 3, 5)) {
            assertEquals(Optional.of(expected), odd.getOne());
        }
        assertEquals(Optional.empty(), odd.getOne());
        assertEquals(List.of(), odd.getPending());
    }
}
