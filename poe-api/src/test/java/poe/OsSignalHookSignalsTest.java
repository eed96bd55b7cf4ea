package poe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** OS signal hooks: refused signals, one JVM-wide hook shared by several kernels, restore. */
class OsSignalHookSignalsTest {

    @Test
    void aSignalTheJvmKeepsIsAClearErrorNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OsSignalHook.subscribe("QUIT", () -> { }));
        assertTrue(e.getMessage().contains("SIGQUIT"), e.getMessage());
        assertTrue(e.getMessage().contains("kernel.signal"), e.getMessage());
        assertFalse(OsSignalHook.isHooked("QUIT"));
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> OsSignalHook.subscribe("NOSUCHSIG", () -> { }));
        assertTrue(unknown.getMessage().contains("SIGNOSUCHSIG"), unknown.getMessage());
    }

    @Test
    void theHookStaysWhileAnyListenerIsLeft() {
        Runnable a = () -> { };
        Runnable b = () -> { };
        OsSignalHook.subscribe("WINCH", a);
        OsSignalHook.subscribe("WINCH", b);
        OsSignalHook.unsubscribe("WINCH", a);
        assertTrue(OsSignalHook.isHooked("WINCH"));
        OsSignalHook.unsubscribe("WINCH", a); // twice: harmless
        assertTrue(OsSignalHook.isHooked("WINCH"));
        OsSignalHook.unsubscribe("WINCH", b);
        assertFalse(OsSignalHook.isHooked("WINCH"));
    }

    @Test
    void twoKernelsWatchingOneSignalBothGetIt() throws Exception {
        assumeFalse(System.getProperty("os.name", "").toLowerCase().contains("win"), "needs kill");
        List<String> log = new ArrayList<>();
        Kernel k1 = SignalsTestLoop.kernel();
        Kernel k2 = SignalsTestLoop.kernel();
        for (Kernel k : List.of(k1, k2)) {
            String name = k == k1 ? "k1" : "k2";
            Session.builder()
                    .on("_start", ev -> {
                        ev.kernel().sig("WINCH", "winch");
                        ev.kernel().delay("timeout", 20);
                    })
                    .on("winch", ev -> {
                        log.add(name + " " + ev.arg(0));
                        ev.kernel().sig("WINCH");
                        ev.kernel().delay("timeout");
                    })
                    .on("timeout", ev -> log.add(name + " timeout"))
                    .create(k);
        }
        assertTrue(OsSignalHook.isHooked("WINCH"));
        Process kill = new ProcessBuilder("kill", "-WINCH", Long.toString(ProcessHandle.current().pid())).start();
        assertTrue(kill.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, kill.exitValue());
        k1.run();
        assertTrue(OsSignalHook.isHooked("WINCH"), "k2 still watches: k1 letting go must not unhook it");
        k2.run();
        assertEquals(List.of("k1 WINCH", "k2 WINCH"), log);
        assertFalse(OsSignalHook.isHooked("WINCH"), "restored once the last kernel stopped watching");
        k1.close();
        k2.close();
    }

    @Test
    void closingAKernelLetsGoOfItsSignals() {
        Kernel k = SignalsTestLoop.kernel();
        Session.builder().on("_start", ev -> {
            ev.kernel().sig("WINCH", "winch");
            ev.kernel().aliasSet("keep");
        }).create(k);
        assertTrue(OsSignalHook.isHooked("WINCH"));
        k.close();
        assertFalse(OsSignalHook.isHooked("WINCH"));
    }
}
