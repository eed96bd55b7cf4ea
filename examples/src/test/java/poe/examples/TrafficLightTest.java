package poe.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import poe.Kernel;
import poe.Nfa;

@Timeout(30)
class TrafficLightTest {

    @Test
    void cyclesThroughItsStatesAndHonoursTheButtonOnlyWhenGreen() {
        List<String> lines = new ArrayList<>();
        AtomicReference<Nfa> light = new AtomicReference<>();
        boolean[] pressed = {false};
        try (Kernel kernel = Kernel.create()) {
            light.set(TrafficLight.spawn(kernel, 0.05, 2, line -> {
                lines.add(line);
                if (line.startsWith("GREEN") && !pressed[0]) {
                    pressed[0] = true;
                    light.get().postEvent("button");     // queued ahead of green's timer
                }
            }));
            light.get().postEvent("button");             // arrives while red: ignored
            kernel.run();
            assertFalse(light.get().isAlive());
        }
        assertEquals(List.of(
                "RED (state red)",
                "  'button' ignored while red",
                "GREEN (state green)",
                "  button: green ends early",
                "YELLOW (state yellow)",
                "  cycle 1 done",
                "RED (state red)",
                "GREEN (state green)",
                "YELLOW (state yellow)",
                "off after 2 cycles"), lines);
    }

    @Test
    void runToEndReportsEveryPhase() {
        try (Kernel kernel = Kernel.create()) {
            List<String> lines = TrafficLight.runToEnd(kernel, 0.02, 1);
            assertEquals(List.of("RED (state red)", "GREEN (state green)", "YELLOW (state yellow)",
                    "off after 1 cycles"), lines);
        }
    }
}
