package poe.loop.swt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.swt.widgets.Display;
import org.junit.jupiter.api.Test;
import poe.loop.Loop;
import poe.loop.LoopProvider;
import poe.loop.Loops;

class SwtLoopProviderTest {

    private final LoopProvider provider = Loops.providers().get("swt");

    @Test
    void isFoundByName() {
        assertTrue(provider instanceof SwtLoopProvider, "no swt provider in " + Loops.names());
    }

    @Test
    void isAvailableWhereADisplayIsNamed() {
        assertNull(provider.unavailableReason(), "these tests run under xvfb-run, so a display is there");
    }

    @Test
    void saysWhyWithoutADisplay() {
        String reason = SwtLoopProvider.missingDisplay("Linux", null, " ");
        assertTrue(reason.contains("DISPLAY") && reason.contains("xvfb-run"), reason);
        assertNull(SwtLoopProvider.missingDisplay("Linux", ":99", null));
        assertNull(SwtLoopProvider.missingDisplay("Linux", null, "wayland-0"));
        assertNull(SwtLoopProvider.missingDisplay("Mac OS X", null, null));
    }

    @Test
    void detectsADisplayOnTheCallingThreadOnly() throws InterruptedException {
        Display display = new Display();
        try {
            assertTrue(provider.detectRunning());
            assertEquals("swt", Loops.choose(null), "a Display on this thread should pick swt");
            AtomicBoolean elsewhere = new AtomicBoolean(true);
            Thread other = new Thread(() -> elsewhere.set(provider.detectRunning()));
            other.start();
            other.join();
            assertFalse(elsewhere.get(), "another thread has no Display");
            try (Loop loop = Loops.open("swt")) {
                assertEquals("swt", loop.name());
                assertTrue(loop.inLoopThread());
                assertTrue(((SwtLoop) loop).display() == display, "the loop should use this thread's Display");
            }
            assertFalse(display.isDisposed(), "the loop closed a Display it did not create");
        } finally {
            display.dispose();
        }
    }
}
