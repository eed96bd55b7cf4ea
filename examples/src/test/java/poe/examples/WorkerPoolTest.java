package poe.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class WorkerPoolTest {

    /** Two workers, seven jobs, one crash: every job gets a result and the pool restarts the worker. */
    @Test
    void runsEveryJobAndSurvivesACrash() {
        Map<String, String> results = assertTimeoutPreemptively(Duration.ofSeconds(120), () ->
                WorkerPool.run(2, List.of("10", "100", "crash", "1000", "x", "10000", "2")));
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("10", "4");
        expected.put("100", "25");
        expected.put("crash", "failed: worker died");
        expected.put("1000", "168");
        expected.put("x", "not a number");
        expected.put("10000", "1229");
        expected.put("2", "1");
        assertEquals(expected, results);
    }
}
