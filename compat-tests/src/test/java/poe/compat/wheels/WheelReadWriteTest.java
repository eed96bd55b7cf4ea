package poe.compat.wheels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

import poe.EventContext;
import poe.Kernel;
import poe.Session;
import poe.compat.LoopTest;
import poe.compat.ScenarioContext;
import poe.driver.Driver;
import poe.driver.SysRW;
import poe.filter.Filter;
import poe.pipe.OneWay;
import poe.pipe.TwoWay;
import poe.wheel.ReadWrite;

/**
 * POE::Test::Loops wheel_readwrite (WRW-02 .. WRW-12). WRW-01 (the methods exist) is the
 * compiler's job. PTL's dispatcher session, which runs the parts one after another, is not
 * needed: each part is its own scenario.
 *
 * <ul>
 *   <li>Part 1, {@link #constructorChecks}: WRW-02, mapped to builder checks
 *       ({@code IllegalArgumentException}); the deprecated "kernel as first argument" check
 *       is N/A; "marks plus LowEvent without HighEvent" is <b>accepted</b>, as in POE
 *       (HighEvent is optional: {@code put()} returns the high-water flag).</li>
 *   <li>Part 2, {@link #regularFileWithProxyDriver}: WRW-03 .. WRW-11 on a temporary regular
 *       file opened for reading and writing ({@link FileChannel}, which ReadWrite treats as
 *       always ready, as {@code select()} treats regular files), with a proxy driver that
 *       records its calls, LowMark 1 and HighMark 12.</li>
 *   <li>Part 3, {@link #waterMarksChangedOnAPipe}: WRW-12 [OPT], which PTL skips: water
 *       marks changed after construction on a two-way pipe; the HighEvent stops the sender
 *       while the reader is paused, the LowEvent lets it finish.</li>
 * </ul>
 */
class WheelReadWriteTest {

    // ------------------------------------------------------------------ part 1: WRW-02

    /** WRW-02: the constructor (builder) refuses what POE's constructor refuses. */
    @LoopTest
    void constructorChecks(ScenarioContext ctx) throws IOException {
        OneWay pipe = OneWay.open();
        List<String> rejected = new ArrayList<>();
        List<String> accepted = new ArrayList<>();
        Session.builder()
                .on("_start", ev -> {
                    Kernel k = ev.kernel();
                    Consumer<ReadWrite.Builder> refuse = b -> {
                        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.create(k));
                        assertTrue(e.getMessage().startsWith("ReadWrite"), e.getMessage());
                        rejected.add(e.getMessage());
                    };
                    // no arguments
                    refuse.accept(ReadWrite.builder());
                    // InputHandle without OutputHandle, and the other way round
                    refuse.accept(ReadWrite.builder().inputHandle(pipe.read()));
                    refuse.accept(ReadWrite.builder().outputHandle(pipe.write()));
                    // HighMark without LowMark, LowMark without HighMark
                    refuse.accept(rw(pipe).highMark(5).highEvent("high").lowEvent("low"));
                    refuse.accept(rw(pipe).lowMark(5).highEvent("high").lowEvent("low"));
                    // marks that are not positive (three combinations)
                    refuse.accept(rw(pipe).lowMark(5).highMark(-1).highEvent("high").lowEvent("low"));
                    refuse.accept(rw(pipe).lowMark(-1).highMark(5).highEvent("high").lowEvent("low"));
                    refuse.accept(rw(pipe).lowMark(-1).highMark(-1).highEvent("high").lowEvent("low"));
                    // marks plus HighEvent but no LowEvent
                    refuse.accept(rw(pipe).lowMark(3).highMark(8).highEvent("high"));
                    // mark events without marks
                    refuse.accept(rw(pipe).highEvent("high"));
                    refuse.accept(rw(pipe).lowEvent("low"));
                    refuse.accept(rw(pipe).lowEvent("low").highEvent("high"));
                    // Java-only: a low mark not below the high mark, and handle() mixed with inputHandle()
                    refuse.accept(rw(pipe).lowMark(8).highMark(8).highEvent("high").lowEvent("low"));
                    refuse.accept(ReadWrite.builder().handle(TwoWayStub.INSTANCE).inputHandle(pipe.read()));

                    // PTL counts this one as a failure only because its handle is not open; POE
                    // accepts marks with a LowEvent and no HighEvent, and so does this port.
                    ReadWrite ok = rw(pipe).lowMark(3).highMark(8).lowEvent("low").ownsHandles(false).create(k);
                    accepted.add("marks with LowEvent only: " + ok.highMark() + "/" + ok.lowMark());
                    ok.close();
                })
                .create(ctx.kernel());
        ctx.drive();
        pipe.close();
        assertEquals(14, rejected.size(), rejected::toString);
        assertEquals(List.of("marks with LowEvent only: 8/3"), accepted);
    }

    /** WRW-02 (the port's rule): a wheel is created inside a handler of its owner. */
    @LoopTest
    void createOutsideAHandlerIsIllegalState(ScenarioContext ctx) throws IOException {
        try (OneWay pipe = OneWay.open()) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> rw(pipe).inputEvent("in").create(ctx.kernel()));
            assertTrue(e.getMessage().contains("inside a handler"), e.getMessage());
        }
        ctx.drive();                                       // nothing was registered: returns at once
        assertTrue(ctx.kernel().loop().registrations().isEmpty());
    }

    private static ReadWrite.Builder rw(OneWay pipe) {
        return ReadWrite.builder().inputHandle(pipe.read()).outputHandle(pipe.write());
    }

    /** A stand-in channel for the "handle() and inputHandle() together" check; never used for I/O. */
    private static final class TwoWayStub implements ReadableByteChannel, WritableByteChannel {
        static final TwoWayStub INSTANCE = new TwoWayStub();

        @Override
        public int read(java.nio.ByteBuffer dst) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int write(java.nio.ByteBuffer src) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }

    // ------------------------------------------------------------------ part 2: WRW-03 .. WRW-11

    /** A driver that forwards to SysRW and counts the calls (WRW-10). */
    private static final class ProxyDriver implements Driver {
        final SysRW real = new SysRW();
        final Map<String, Integer> calls = new TreeMap<>();

        private void called(String method) {
            calls.merge(method, 1, Integer::sum);
        }

        int count(String method) {
            return calls.getOrDefault(method, 0);
        }

        @Override
        public List<byte[]> get(ReadableByteChannel channel) throws IOException {
            called("get");
            return real.get(channel);
        }

        @Override
        public long put(List<byte[]> chunks) {
            called("put");
            return real.put(chunks);
        }

        @Override
        public long flush(WritableByteChannel channel) throws IOException {
            called("flush");
            return real.flush(channel);
        }

        @Override
        public long getOutOctets() {
            return real.getOutOctets();
        }

        @Override
        public int getOutMessages() {
            return real.getOutMessages();
        }
    }

    /** What part 2 observes; asserted after the kernel stopped. */
    private static final class Part2 {
        ReadWrite wheel;
        long wheelId;
        String readMachine = "start";
        String writeMachine = "start";
        final List<String> lines = new ArrayList<>();
        final List<String> wrong = new ArrayList<>();
        final List<String> errors = new ArrayList<>();
        final List<String> marks = new ArrayList<>();
        final List<Object> ids = new ArrayList<>();
        int flushed;
        int getsAtPause = -1;
        int getsAtResume = -1;
        Filter<byte[], ?> inputFilter;
        Filter<byte[], ?> outputFilter;
        final List<String> finalChecks = new ArrayList<>();
    }

    private static final List<String> TMPDATA = List.of("TMPDATA 12345", "TMPDATA ABCDE",
            ProcessHandle.current().pid() + " " + Runtime.version().feature());

    /**
     * WRW-03 .. WRW-11 on a regular file: renamed events, IDs, filters, pause while records
     * are buffered, seek and resume, EOF as ("read", "0"), one flush per batch of puts, water
     * marks, the proxy driver, both state machines finished.
     */
    @LoopTest
    void regularFileWithProxyDriver(ScenarioContext ctx) throws IOException {
        Path file = Files.createTempFile("poe-wrw", ".txt");
        FileChannel fc = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            fc.write(java.nio.ByteBuffer.wrap((String.join("\n", TMPDATA) + "\n").getBytes(StandardCharsets.US_ASCII)));
            fc.position(0);
            ProxyDriver driver = new ProxyDriver();
            Part2 p = new Part2();
            Session.builder()
                    .on("_start", ev -> {
                        p.wheel = ReadWrite.builder().handle(fc).driver(driver)
                                .lowMark(1).highMark(12)
                                .inputEvent("wrong_input").flushedEvent("wrong_flushed").errorEvent("wrong_error")
                                .highEvent("wrong_high").lowEvent("wrong_low")
                                .create(ev.kernel());
                        p.wheelId = p.wheel.id();
                        // WRW-03: rename all five events after construction
                        p.wheel.event("InputEvent", "input", "FlushedEvent", "flushed", "ErrorEvent", "error",
                                "HighEvent", "high", "LowEvent", "low");
                    })
                    .on("wrong_input", ev -> p.wrong.add(ev.state()))
                    .on("wrong_flushed", ev -> p.wrong.add(ev.state()))
                    .on("wrong_error", ev -> p.wrong.add(ev.state()))
                    .on("wrong_high", ev -> p.wrong.add(ev.state()))
                    .on("wrong_low", ev -> p.wrong.add(ev.state()))
                    .on("resume_input", ev -> {
                        p.getsAtResume = driver.count("get");
                        p.wheel.resumeInput();
                    })
                    .on("input", ev -> part2Input(ev, p, fc, driver))
                    .on("flushed", ev -> part2Flushed(ev, p))
                    .on("error", ev -> p.errors.add(ev.arg(ReadWrite.ARG_OPERATION) + " "
                            + ev.arg(ReadWrite.ARG_ERRNO) + " id=" + (ev.<Long>arg(ReadWrite.ARG_ERROR_WHEEL_ID) == p.wheelId)))
                    .on("high", ev -> {
                        p.marks.add("high " + p.writeMachine);
                        p.ids.add(ev.arg(0));
                    })
                    .on("low", ev -> {
                        p.marks.add("low " + p.writeMachine);
                        p.ids.add(ev.arg(0));
                    })
                    .create(ctx.kernel());
            ctx.drive();

            assertEquals(List.of(), p.wrong, "WRW-03: old event names dispatched");
            List<String> twice = new ArrayList<>(TMPDATA);
            twice.addAll(TMPDATA);
            assertEquals(twice, p.lines, "WRW-06/WRW-11: 3 lines, seek, the same 3 lines again");
            for (Object id : p.ids) {
                assertEquals(p.wheelId, id, "WRW-04: every event carries the wheel ID");
            }
            assertNotNull(p.inputFilter, "WRW-05");
            assertNotNull(p.outputFilter, "WRW-05");
            assertTrue(p.getsAtPause >= 1 && p.getsAtResume == p.getsAtPause,
                    "WRW-06: no read while paused (gets at pause " + p.getsAtPause + ", at resume " + p.getsAtResume + ")");
            assertEquals(List.of("read 0 id=true"), p.errors, "WRW-07: EOF once, as (read, 0)");
            assertEquals(3, p.flushed, "WRW-08: one flush per batch of puts");
            // WRW-09: both batches of three 8-octet lines cross HighMark 12 in put() (this port
            // sends HighEvent there, POE does not) and drain to LowMark 1 in one write.
            assertEquals(List.of("high line2", "low line5", "high delete", "low delete"), p.marks, "WRW-09");
            assertTrue(driver.count("get") > 0 && driver.count("put") > 0 && driver.count("flush") > 0,
                    "WRW-10: the given driver was used: " + driver.calls);
            assertEquals("stop", p.readMachine, "WRW-11");
            assertEquals("stop", p.writeMachine, "WRW-11");
            assertEquals(List.of("closed"), p.finalChecks);
            assertFalse(fc.isOpen(), "dropping the wheel closes the channel it owns");
            StringBuilder want = new StringBuilder(String.join("\n", TMPDATA)).append('\n');
            for (int i = 1; i <= 7; i++) {
                want.append("LINE ").append(i).append("\r\n");
            }
            assertEquals(want.toString(), Files.readString(file, StandardCharsets.US_ASCII),
                    "WRW-08: the lines were written after the data, in order, with the Line filter's CR LF");
        } finally {
            fc.close();
            Files.deleteIfExists(file);
        }
    }

    /** PTL's read machine: pause on the first line, seek back once all 3 are in, resume 0.5 s later. */
    private static void part2Input(EventContext ev, Part2 p, FileChannel fc, ProxyDriver driver) throws IOException {
        p.lines.add(ev.arg(ReadWrite.ARG_INPUT));
        p.ids.add(ev.arg(ReadWrite.ARG_INPUT_WHEEL_ID));
        if (p.inputFilter == null) {                                            // WRW-05
            p.inputFilter = p.wheel.getInputFilter();
            p.outputFilter = p.wheel.getOutputFilter();
        }
        switch (p.readMachine) {
            case "start" -> {                                                   // WRW-06
                p.wheel.pauseInput();
                p.getsAtPause = driver.count("get");
                p.readMachine = "paused";
            }
            case "paused" -> {
                if (p.lines.size() == TMPDATA.size()) {
                    fc.position(0);
                    p.readMachine = "paused+reset";
                    ev.kernel().delay("resume_input", 0.5);
                }
            }
            case "paused+reset" -> {
                if (p.lines.size() >= 2 * TMPDATA.size()) {
                    p.readMachine = "stop";
                    if (p.writeMachine.equals("start")) {                         // WRW-08
                        p.wheel.put("LINE 1");
                        p.writeMachine = "line2";
                    }
                }
            }
            default -> {
                p.wrong.add("read machine in " + p.readMachine);
                p.wheel.close();
            }
        }
    }

    /** PTL's write machine: LINE 1; LINE 2-4; LINE 5-7; then shut down and drop the wheel. */
    private static void part2Flushed(EventContext ev, Part2 p) {
        p.flushed++;
        p.ids.add(ev.arg(0));
        switch (p.writeMachine) {
            case "line2" -> {
                p.wheel.put("LINE 2");
                p.wheel.put("LINE 3");
                p.wheel.put("LINE 4");
                p.writeMachine = "line5";
            }
            case "line5" -> {
                p.writeMachine = "delete";
                p.wheel.put("LINE 5");
                p.wheel.put("LINE 6");
                p.wheel.put("LINE 7");
            }
            case "delete" -> {
                p.writeMachine = "stop";
                p.wheel.shutdownInput();
                p.wheel.shutdownOutput();
                p.wheel.close();
                p.finalChecks.add(p.wheel.isClosed() ? "closed" : "open");
            }
            default -> {
                p.wrong.add("write machine in " + p.writeMachine);
                p.wheel.close();
            }
        }
    }

    // ------------------------------------------------------------------ part 3: WRW-12 [OPT]

    /**
     * WRW-12: marks changed after construction on a two-way pipe. The sender is built with
     * marks 2/1, under which "start" alone would be high water, then raised to 256 KiB / 1 KiB.
     * The reader pauses after "start"; the sender puts 16 KiB lines until {@code put()}
     * reports high water (HighEvent), then tells the reader to resume; once the queue drains
     * to the low mark (LowEvent) the sender sends "done" and half-closes.
     *
     * <p>The LowEvent handler puts more: this found a ReadWrite bug (the wheel decided on the
     * octets left before the handler ran, paused writing with "done" queued and never
     * half-closed). The kernel runs several posted events per timeslice, so the queue may
     * reach the high mark before the first flush; the test asserts the order of events, not
     * how much the socket took.
     */
    @LoopTest(timeoutSeconds = 60)
    void waterMarksChangedOnAPipe(ScenarioContext ctx) throws IOException {
        TwoWay pair = TwoWay.open();
        String filler = "x".repeat(16 * 1024);
        List<String> log = new ArrayList<>();
        List<String> received = new ArrayList<>();
        int[] sent = {0};
        ReadWrite[] wheels = new ReadWrite[2];
        Session.builder()
                .on("_start", ev -> {
                    ev.kernel().aliasSet("sender");
                    ReadWrite w = ReadWrite.builder().handle(pair.a())
                            .highMark(2).lowMark(1)
                            .flushedEvent("flushed").highEvent("high").lowEvent("low").errorEvent("problem")
                            .create(ev.kernel());
                    wheels[0] = w;
                    w.setHighMark(256 * 1024);
                    w.setLowMark(1024);
                    assertThrows(IllegalArgumentException.class, () -> w.setLowMark(256 * 1024));
                    assertThrows(IllegalArgumentException.class, () -> w.setHighMark(1024));
                    log.add("put start high=" + w.put("start"));
                })
                .on("second", ev -> {
                    log.add("sender second");
                    ev.kernel().yield("second_send");
                })
                .on("second_send", ev -> {
                    if (log.contains("sender high")) {
                        return;
                    }
                    sent[0]++;
                    if (!wheels[0].put(filler)) {
                        ev.kernel().yield("second_send");
                    }
                })
                .on("high", ev -> {
                    log.add("sender high");
                    log.add("receiver has " + received.size());                 // paused after "start"
                    ev.kernel().post("receiver", "go_on");
                })
                .on("low", ev -> {
                    log.add("sender low");
                    wheels[0].put("done");
                    wheels[0].shutdownOutput();
                })
                .on("flushed", ev -> { })
                .on("problem", ev -> {
                    log.add("sender problem " + ev.args());
                    wheels[0].close();
                })
                .on("bye", ev -> {
                    wheels[0].close();
                    ev.kernel().aliasRemove("sender");
                })
                .create(ctx.kernel());
        Session.builder()
                .on("_start", ev -> {
                    ev.kernel().aliasSet("receiver");
                    wheels[1] = ReadWrite.builder().handle(pair.b()).inputEvent("input").errorEvent("problem")
                            .create(ev.kernel());
                })
                .on("input", ev -> {
                    String line = ev.arg(0);
                    if (received.isEmpty()) {
                        wheels[1].pauseInput();
                        ev.kernel().post("sender", "second");
                    }
                    received.add(line.equals(filler) ? "filler" : line);
                })
                .on("go_on", ev -> {
                    log.add("receiver resumes");
                    wheels[1].resumeInput();
                })
                .on("problem", ev -> {
                    log.add("receiver " + ev.arg(0) + " " + ev.arg(1));
                    wheels[1].close();
                    ev.kernel().aliasRemove("receiver");
                    ev.kernel().post("sender", "bye");
                })
                .create(ctx.kernel());
        ctx.drive();
        pair.close();
        assertEquals(List.of("put start high=false", "sender second", "sender high", "receiver has 1", "receiver resumes",
                "sender low", "receiver read 0"), log);
        assertTrue(sent[0] >= 2, "the paused reader made the queue grow: " + sent[0] + " lines put");
        List<String> want = new ArrayList<>();
        want.add("start");
        for (int i = 0; i < sent[0]; i++) {
            want.add("filler");
        }
        want.add("done");
        assertEquals(want, received);
    }
}
