package poe.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class RecordBlockTest {

    private static List<String> l(String... s) {
        return List.of(s);
    }

    @Test
    void standardRunAndBlockSize() {
        RecordBlock<String> filter = RecordBlock.of(4);
        FilterChecks.standard(filter, l("1", "2", "3", "4", "5", "6", "7", "8", "9", "10"),
                List.of(l("1", "2", "3", "4"), l("5", "6", "7", "8")),
                l("1", "2", "3", "4", "5", "6", "7", "8"));
        assertEquals(l("9", "10"), filter.getPending());

        assertEquals(4, filter.blockSize());
        filter.setBlockSize(2);
        assertEquals(2, filter.blockSize());
        assertThrows(IllegalArgumentException.class, () -> filter.setBlockSize(-50));
        assertThrows(IllegalArgumentException.class, () -> filter.setBlockSize(0));
        assertEquals(2, filter.blockSize(), "invalid sizes leave it unchanged");
        assertEquals(List.of(l("9", "10")), filter.get(List.of()), "the new size applies to what is buffered");
    }

    @Test
    void constructorChecks() {
        assertThrows(IllegalArgumentException.class, () -> RecordBlock.of(0));
        assertThrows(IllegalArgumentException.class, () -> RecordBlock.of(-1, true));
    }

    @Test
    void checkPutReleasesWholeBlocksOnly() {
        RecordBlock<String> filter = RecordBlock.of(3, true);
        assertEquals(l("1", "2", "3"), filter.put(List.of(l("1", "2"), l("3", "A"))));
        assertEquals(l("A"), filter.putPending());
        assertEquals(l("A", "2", "3", "1", "2", "3", "1", "2", "3"),
                filter.put(List.of(l("2", "3", "1", "2", "3"), l("1", "2", "3", "B"))));
        assertEquals(l("B"), filter.putPending());
        assertEquals(l("B", "2", "3", "1", "2", "3", "1", "2", "3", "1", "2", "3"),
                filter.put(List.of(l("2", "3", "1", "2"), l("3", "1"), l("2", "3", "1"), l("2", "3"))));
        assertEquals(l(), filter.putPending());

        assertTrue(filter.checkPut());
        filter.setCheckPut(false);
        assertFalse(filter.checkPut());
    }

    @Test
    void withoutCheckPutEverythingIsFlattened() {
        RecordBlock<String> filter = RecordBlock.of(3);
        assertFalse(filter.checkPut());
        assertEquals(l("1", "2", "1", "2"), filter.put(List.of(l("1", "2"), l("1", "2"))));
        assertEquals(l(), filter.putPending());
        assertEquals(l("1", "2", "3", "4", "5", "1", "2", "3", "4"),
                filter.put(List.of(l("1", "2", "3", "4", "5"), l("1", "2", "3", "4"))));
    }

    @Test
    void turningCheckPutOffReleasesTheHeldTail() {
        RecordBlock<String> filter = RecordBlock.of(3, true);
        assertEquals(l(), filter.put(List.of(l("x"))));
        filter.setCheckPut(false);
        assertEquals(l("x", "y"), filter.put(List.of(l("y"))));
    }

    @Test
    void cloneKeepsSettingsNotBuffers() {
        RecordBlock<String> filter = RecordBlock.of(2, true);
        filter.put(List.of(l("held")));
        filter.getOneStart(l("pending"));
        RecordBlock<String> copy = filter.clone();
        assertEquals(2, copy.blockSize());
        assertTrue(copy.checkPut());
        assertEquals(l(), copy.putPending());
        assertEquals(l(), copy.getPending());
    }
}
