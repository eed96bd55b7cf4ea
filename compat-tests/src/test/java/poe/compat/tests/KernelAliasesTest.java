package poe.compat.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import poe.Handler;
import poe.Kernel;
import poe.KernelException;
import poe.Session;
import poe.SessionBuilder;
import poe.compat.LoopTest;
import poe.compat.ScenarioContext;

/** POE::Test::Loops k_aliases (KALI-01 .. KALI-08). */
class KernelAliasesTest {

    @LoopTest
    void aliasesIdsIdleThenZombie(ScenarioContext ctx) {
        List<String> log = new ArrayList<>();
        List<String> checks = new ArrayList<>();
        int[] idle = new int[2];
        int[] zombie = new int[2];
        Session.builder()                                                              // session A
                .on("_start", ev -> {
                    Kernel k = ev.kernel();
                    Session me = ev.session();
                    k.aliasSet("new name");                                            // KALI-01
                    k.aliasSet("new name");
                    check(checks, "resolve by session", k.resolve(me), me);            // KALI-02
                    check(checks, "resolve by id", k.resolve(me.id()), me);
                    check(checks, "resolve by alias", k.resolve("new name"), me);
                    check(checks, "aliasResolve", k.aliasResolve("new name"), me);
                    checks.add("nonexistent " + k.aliasResolve("nonexistent").isPresent()
                            + k.resolve("nonexistent").isPresent());                   // KALI-03
                    checks.add("id_to_session " + (k.idToSession(me.id()).orElseThrow() == me)); // KALI-04
                    checks.add("kernel id " + (k.idToSession(k.id()).orElseThrow() == k) + " "
                            + (k.id() == Kernel.KERNEL_ID));                           // KALI-05
                    checks.add("list " + k.aliasList());                               // KALI-06
                    k.aliasSet("second name");
                    checks.add("list2 " + sorted(k.aliasList(me)) + sorted(k.aliasList(me.id()))
                            + sorted(k.aliasList("new name")));
                    k.sig("IDLE", "got_idle");                                         // KALI-07
                    k.sig("ZOMBIE", "got_zombie");
                })
                .on("got_idle", ev -> {
                    idle[0]++;
                    log.add("A idle");
                    ev.kernel().sigHandled();
                })
                .on("got_zombie", ev -> {
                    zombie[0]++;
                    log.add("A zombie");
                    ev.kernel().sigHandled();
                })
                .on("_stop", ev -> log.add("A stop idle=" + idle[0] + " zombie=" + zombie[0]))
                .create(ctx.kernel());
        Session.builder()                                                              // session B: KALI-08
                .on("_start", ev -> {
                    ev.kernel().aliasSet("b");
                    ev.kernel().aliasRemove("b");
                    ev.kernel().sig("IDLE", "got_idle");
                    ev.kernel().sig("ZOMBIE", "got_zombie");
                })
                .on("got_idle", ev -> idle[1]++)
                .on("got_zombie", ev -> zombie[1]++)
                .on("_stop", ev -> log.add("B stop"))
                .create(ctx.kernel());
        Session.builder()                                                              // the rest of the program
                .on("_start", ev -> ev.kernel().delay("work", 0.1))
                .on("work", ev -> log.add("C work"))
                .on("_stop", ev -> log.add("C stop"))
                .create(ctx.kernel());
        ctx.drive();
        assertEquals(List.of(
                "resolve by session ok", "resolve by id ok", "resolve by alias ok", "aliasResolve ok",
                "nonexistent falsefalse", "id_to_session true", "kernel id true true", "list [new name]",
                "list2 [new name, second name][new name, second name][new name, second name]"), checks);
        assertEquals(List.of("B stop", "C work", "C stop", "A idle", "A zombie", "A stop idle=1 zombie=1"), log);
        assertEquals(0, idle[1] + zombie[1], "watching IDLE/ZOMBIE must not keep B alive");
    }

    private static void check(List<String> checks, String what, Optional<Session> got, Session want) {
        checks.add(what + (got.isPresent() && got.get() == want ? " ok" : " got " + got));
    }

    private static List<String> sorted(List<String> in) {
        List<String> out = new ArrayList<>(in);
        out.sort(null);
        return out;
    }

    /** K3-ALIAS-1: aliases are released automatically when their session stops. */
    @LoopTest
    void aliasesAreReleasedWhenTheSessionStops(ScenarioContext ctx) {
        List<Object> seen = new ArrayList<>();
        Session.builder()
                .on("_start", ev -> ev.kernel().aliasSet("short-lived"))
                .create(ctx.kernel());
        Session.builder()
                .on("_start", ev -> ev.kernel().delay("kill", 0.05))
                .on("kill", ev -> {
                    seen.add(ev.kernel().aliasResolve("short-lived").map(s -> "alive").orElse("gone"));
                    ev.kernel().signal("short-lived", "TERM");
                    ev.kernel().delay("look", 0.05);
                })
                .on("look", ev -> seen.add(ev.kernel().aliasResolve("short-lived").map(s -> "alive").orElse("gone")))
                .create(ctx.kernel());
        ctx.drive();
        assertEquals(List.of("alive", "gone"), seen);
        assertSame(ctx.kernel(), ctx.kernel().activeSession());
        assertTrue(ctx.kernel().aliasResolve("short-lived").isEmpty());
    }

    /**
     * Posting to an alias follows it wherever it goes: removed, given to another session,
     * released by a stopping session, looked up by an equal string that is not the same
     * instance. (The kernel answers repeated lookups of one string instance from a cache;
     * posting to a missing alias throws here, as the suite runs with poe.assert.usage.)
     */
    @LoopTest
    void postingByAliasFollowsTheAliasWhereverItGoes(ScenarioContext ctx) {
        String name = "mover";
        List<String> log = new ArrayList<>();
        Session a = firstHolder(ctx, name, ev -> log.add("a " + ev.arg(0)));
        Session b = secondHolder(ctx, name, ev -> log.add("b " + ev.arg(0)));
        steps(Session.builder(), (k, step) -> {
            switch (step) {
                case 0 -> {
                    log.add("post 1 " + k.post(name, "hit", 1));
                    log.add("post 2 " + k.post(name, "hit", 2));
                    k.post(a, "drop");
                }
                case 1 -> {
                    log.add("resolves " + k.resolve(name).isPresent());
                    k.post(b, "take");
                }
                case 2 -> {
                    log.add("post 4 " + k.post(name, "hit", 4));
                    log.add("post 5 " + k.post(new String(name.toCharArray()), "hit", 5));
                    k.post(b, "done");
                }
                default -> {
                    log.add("resolves " + k.resolve(name).isPresent());
                    k.post(a, "quit");
                    return false;
                }
            }
            return true;
        }).create(ctx.kernel());
        ctx.drive();
        assertEquals(List.of("post 1 true", "post 2 true", "a 1", "a 2", "resolves false", "post 4 true",
                "post 5 true", "b 4", "b 5", "resolves false"), log);
    }

    /**
     * The same as above for posts without arguments, which the kernel may answer from the
     * sender's memo of its last post: a repeated post still follows the alias, never
     * reaches a session that has stopped, and carries the state it was posted from.
     */
    @LoopTest
    void repeatedPostsWithoutArgumentsFollowTheAliasToo(ScenarioContext ctx) {
        String name = "moving target";
        List<String> log = new ArrayList<>();
        Session a = firstHolder(ctx, name, ev -> log.add("a hit from " + ev.callerState()));
        Session b = secondHolder(ctx, name, ev -> log.add("b hit from " + ev.callerState()));
        Session[] brief = new Session[1];
        steps(Session.builder(), (k, step) -> {
            switch (step) {
                case 0 -> {
                    // lives only while events are queued for it
                    brief[0] = Session.builder().on("ping", e -> log.add("brief pinged")).create(k);
                    log.add("post brief " + k.post(brief[0], "ping") + " " + k.post(brief[0], "ping"));
                }
                case 1 -> {
                    log.add("brief alive " + k.resolve(brief[0].id()).isPresent());
                    log.add(postOrUnknown(k, brief[0], "ping"));
                    k.post(a, "drop");
                    log.add("post " + k.post(name, "hit") + " " + k.post(name, "hit"));
                }
                case 2 -> {
                    log.add(postOrUnknown(k, name, "hit"));
                    k.post(b, "take");
                }
                case 3 -> {
                    log.add("post " + k.post(name, "hit"));
                    k.yield("aside");
                }
                default -> {
                    k.post(b, "done");
                    k.post(a, "quit");
                    return false;
                }
            }
            return true;
        }).on("aside", ev -> log.add("post " + ev.kernel().post(name, "hit")))
                .create(ctx.kernel());
        ctx.drive();
        assertEquals(List.of("post brief true true", "brief pinged", "brief pinged", "brief alive false", "unknown",
                "post true true", "a hit from step", "a hit from step", "unknown", "post true", "b hit from step",
                "post true", "b hit from aside"), log);
    }

    /** One step of {@link #steps}: false ends them. */
    private interface Step {
        boolean run(Kernel k, int step) throws Exception;
    }

    /** Adds handlers that run steps 0, 1, 2, ... a hundredth of a second apart, until one returns false. */
    private static SessionBuilder steps(SessionBuilder b, Step body) {
        return b.on("_start", ev -> ev.kernel().yield("step", 0))
                .on("step", ev -> {
                    int step = ev.arg(0);
                    if (body.run(ev.kernel(), step)) {
                        ev.kernel().delay("step", 0.01, step + 1);
                    }
                });
    }

    /**
     * The alias's first owner: takes it at start, gives it up on {@code drop}, and outlives
     * it (a refcount, released on {@code quit}). {@code hit} handles the posts it gets.
     */
    private static Session firstHolder(ScenarioContext ctx, String alias, Handler hit) {
        return Session.builder()
                .on("_start", ev -> {
                    ev.kernel().aliasSet(alias);
                    ev.kernel().refcountIncrement(ev.session().id(), "test");
                })
                .on("hit", hit)
                .on("drop", ev -> ev.kernel().aliasRemove(alias))
                .on("quit", ev -> ev.kernel().refcountDecrement(ev.session().id(), "test"))
                .create(ctx.kernel());
    }

    /** The alias's second owner: takes it on {@code take}, gives it up and ends on {@code done}. */
    private static Session secondHolder(ScenarioContext ctx, String alias, Handler hit) {
        return Session.builder()
                .on("_start", ev -> ev.kernel().refcountIncrement(ev.session().id(), "test"))
                .on("take", ev -> ev.kernel().aliasSet(alias))
                .on("hit", hit)
                .on("done", ev -> {
                    ev.kernel().aliasRemove(alias);
                    ev.kernel().refcountDecrement(ev.session().id(), "test");
                }).create(ctx.kernel());
    }

    private static String postOrUnknown(Kernel k, Object dest, String event) {
        try {
            return "post " + k.post(dest, event);
        } catch (KernelException e) {
            return "unknown";
        }
    }
}
