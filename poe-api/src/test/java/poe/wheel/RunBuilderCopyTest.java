package poe.wheel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import poe.driver.SysRW;
import poe.filter.Line;

/**
 * A background start works on a copy of the builder ({@code RunSupport.copy}): every setting
 * is copied, and the environment is the copy's own. The builder below sets every field, and
 * the test fails on one left at its default, so that a new setting is added to the copy too.
 */
class RunBuilderCopyTest {

    @Test
    void theCopyHasEverySetting() throws Exception {
        Run.Builder b = Run.builder()
                .command("prog", "arg").env(Map.of("A", "1")).clearEnv(true).directory(Path.of("/tmp"))
                .conduit("pty-pipe").winsize(24, 80)
                .stdinFilter(Line.create()).stdoutFilter(Line.create()).stderrFilter(Line.create())
                .stdinDriver(new SysRW()).stdoutDriver(new SysRW()).stderrDriver(new SysRW())
                .stdoutEvent("o").stderrEvent("e").stdinEvent("i").errorEvent("x").closeEvent("c")
                .noStdin(true).redirectStdin(Path.of("/in")).redirectStdout(Path.of("/out"))
                .redirectStderr(Path.of("/err"));
        Run.Builder c = RunSupport.copy(b);
        List<String> unset = new ArrayList<>();
        for (Field f : Run.Builder.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers())) {
                continue;
            }
            f.setAccessible(true);
            Object original = f.get(b);
            Object copied = f.get(c);
            if (original == null || Boolean.FALSE.equals(original) || "pipe".equals(original)) {
                unset.add(f.getName());
            }
            if (original instanceof int[] a) {
                assertArrayEquals(a, (int[]) copied, f.getName());
            } else {
                assertEquals(original, copied, f.getName());
            }
        }
        assertTrue(unset.isEmpty(), "set these in the test (and copy them in RunSupport.copy): " + unset);
        assertNotSame(b.env, c.env, "the environment is the copy's own");
        b.env("B", "2");
        assertEquals(Map.of("A", "1"), c.env);
    }
}
