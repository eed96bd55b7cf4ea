package poe.compat.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.util.ArrayList;
import java.util.List;

import poe.Errno;
import poe.KernelException;
import poe.Session;
import poe.loop.IoMode;
import poe.compat.LoopTest;
import poe.compat.ScenarioContext;

/** K3-DEF (_default) and K3-STATE (state() at run time). */
class DefaultAndStateTest {

    /** K3-DEF-1: _default gets everything without a handler: _child, timers, select events, _stop. */
    @LoopTest
    void defaultGetsKernelGeneratedEventsToo(ScenarioContext ctx) throws IOException {
        List<String> log = new ArrayList<>();
        Pipe pipe = Pipe.open();
        try {
            Session.builder()
                    .on("_start", ev -> {
                        Session.builder().onValue("_start", c -> 7).create(ev.kernel());
                        ev.kernel().delay("tick", 0.02, 1);
                        ev.kernel().selectRead(pipe.source(), "readable", "extra");
                        try {
                            pipe.sink().write(ByteBuffer.wrap(new byte[] {1}));
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .on("_default", ev -> {
                        List<Object> args = ev.arg(1);
                        String name = ev.arg(0);
                        StringBuilder sb = new StringBuilder(ev.state()).append(' ').append(name).append(' ');
                        switch (name) {
                            case "_child" -> sb.append(args.get(0)).append(' ').append(args.get(2));
                            case "readable" -> {
                                sb.append(args.get(0) == pipe.source()).append(' ').append(args.get(1) == IoMode.READ)
                                        .append(' ').append(args.get(2));
                                ev.kernel().selectRead(pipe.source());
                            }
                            default -> sb.append(args);
                        }
                        log.add(sb.toString());
                    })
                    .create(ctx.kernel());
            ctx.drive();
        } finally {
            pipe.source().close();
            pipe.sink().close();
        }
        assertEquals(List.of("_default _child create 7", "_default _child lose null", "_default readable true true extra",
                "_default tick [1]", "_default _stop []"), sortedMiddle(log));
    }

    /**
     * The child's GC, the select event and the 20 ms tick may come in any order (on a loaded
     * machine a GUI loop's channel hop can take longer than the tick): sort all but the first
     * (_child create, during _start) and the last (_stop).
     */
    private static List<String> sortedMiddle(List<String> log) {
        if (log.size() < 3) {
            return log;
        }
        List<String> out = new ArrayList<>(log);
        List<String> middle = new ArrayList<>(out.subList(1, out.size() - 1));
        middle.sort(null);
        List<String> sorted = new ArrayList<>();
        sorted.add(out.get(0));
        sorted.addAll(middle);
        sorted.add(out.get(out.size() - 1));
        return sorted;
    }

    /** K3-DEF-1/2: call() returns _default's value; without _default an event is dropped quietly. */
    @LoopTest
    void defaultValueAndDroppedEvents(ScenarioContext ctx) {
        List<Object> values = new ArrayList<>();
        Session.builder()
                .onValue("_default", ev -> "handled " + ev.arg(0))
                .on("_start", ev -> values.add(ev.kernel().call(ev.session(), "whatever")))
                .create(ctx.kernel());
        Session.builder()
                .on("_start", ev -> {
                    ev.kernel().yield("nobody_handles_this");
                    values.add(ev.kernel().call(ev.session(), "nor_this"));
                })
                .create(ctx.kernel());
        ctx.drive();
        List<Object> want = new ArrayList<>();
        want.add("handled whatever");
        want.add(null);
        assertEquals(want, values);
    }

    /**
     * K3-DEF-1: the active event in {@code _default} is the event that had no handler, and in
     * a session's call to itself it stays the caller's (POE runs such a call in place); what
     * they send names that as its caller state. Real POE 1.370:
     * <pre>
     * _start   => sub { $_[KERNEL]->call($_[SESSION], "self"); $_[KERNEL]->yield("zz") },
     * self     => sub { log get_active_event; $_[KERNEL]->yield("fromself") },
     * _default => sub { log $_[ARG0], get_active_event; $_[KERNEL]->yield("fromdefault") },
     * fromself, fromdefault => sub { log $_[CALLER_STATE] }
     *
     * self active=_start
     * fromself caller=_start
     * _default zz active=zz
     * fromdefault caller=zz
     * </pre>
     */
    @LoopTest
    void activeEventInDefaultAndInACallToItself(ScenarioContext ctx) {
        List<String> log = new ArrayList<>();
        Session.builder()
                .on("_start", ev -> {
                    ev.kernel().call(ev.session(), "self");
                    ev.kernel().yield("zz");
                })
                .on("self", ev -> {
                    log.add("self active=" + ev.kernel().activeEvent());
                    ev.kernel().yield("fromself");
                })
                .on("fromself", ev -> log.add("fromself caller=" + ev.callerState()))
                .on("fromdefault", ev -> log.add("fromdefault caller=" + ev.callerState()))
                .on("_default", ev -> {
                    if (!"_stop".equals(ev.arg(0))) {
                        log.add("_default " + ev.arg(0) + " active=" + ev.kernel().activeEvent());
                        ev.kernel().yield("fromdefault");
                    }
                })
                .create(ctx.kernel());
        ctx.drive();
        assertEquals(List.of("self active=_start", "fromself caller=_start", "_default zz active=zz",
                "fromdefault caller=zz"), log);
    }

    /** K3-STATE-1: state() adds, replaces and removes handlers, effective at the next dispatch (call too). */
    @LoopTest
    void stateEditsHandlersAtRunTime(ScenarioContext ctx) {
        List<String> log = new ArrayList<>();
        Session.builder()
                .on("_start", ev -> {
                    ev.kernel().state("added", e -> log.add("added v1"));
                    ev.kernel().call(ev.session(), "added");
                    ev.kernel().state("added", e -> log.add("added v2"));
                    ev.kernel().yield("added");
                    ev.kernel().yield("remove");
                    ev.kernel().yield("added");
                })
                .on("remove", ev -> ev.kernel().state("added", null))
                .on("_default", ev -> log.add("_default " + ev.arg(0)))
                .create(ctx.kernel());
        KernelException e = assertThrows(KernelException.class, () -> ctx.kernel().state("x", ev -> { }));
        assertEquals(Errno.ESRCH, e.errno(), "state() outside a session (AERR-05)");
        ctx.drive();
        assertEquals(List.of("added v1", "added v2", "_default added", "_default _stop"), log);
    }

    /** K3-STATE-1: the object and class forms of state(). */
    @LoopTest
    void stateWithObjectsAndClasses(ScenarioContext ctx) {
        List<String> log = new ArrayList<>();
        Handlers handlers = new Handlers(log);
        Handlers.LOG.set(log);
        try {
            Session.builder()
                    .on("_start", ev -> {
                        ev.kernel().state("one", handlers, "instanceHandler");
                        ev.kernel().state("two", Handlers.class, "staticHandler");
                        ev.kernel().state("instanceHandler", handlers, null);
                        ev.kernel().yield("one");
                        ev.kernel().yield("two");
                        ev.kernel().yield("instanceHandler");
                    })
                    .create(ctx.kernel());
            ctx.drive();
        } finally {
            Handlers.LOG.set(null);
        }
        assertEquals(List.of("instance one", "static two Handlers", "instance instanceHandler"), log);
    }

    /** Methods used by {@link #stateWithObjectsAndClasses}. */
    static final class Handlers {
        static final java.util.concurrent.atomic.AtomicReference<List<String>> LOG = new java.util.concurrent.atomic.AtomicReference<>();
        final List<String> log;

        Handlers(List<String> log) {
            this.log = log;
        }

        void instanceHandler(poe.EventContext ev) {
            log.add("instance " + ev.state() + (ev.object() == this ? "" : " wrong object"));
        }

        static void staticHandler(poe.EventContext ev) {
            LOG.get().add("static " + ev.state() + " " + ((Class<?>) ev.object()).getSimpleName());
        }
    }
}
