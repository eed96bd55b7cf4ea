package poe.bench.loop;

import java.util.concurrent.TimeUnit;

import io.vertx.core.Vertx;
import poe.Kernel;
import poe.loop.vertx.VertxLoop;

/**
 * Keeps one Vert.x instance for a benchmark trial, as a Vert.x program has one: starting
 * and closing Vert.x (event-loop threads, a worker pool) costs tens of milliseconds, which
 * {@code Kernel.create("vertx")} pays per kernel because it makes a loop that owns its own
 * instance. Loaded only for the vertx loop.
 */
final class SharedVertx {

    private static final long CLOSE_WAIT_SECONDS = 10;

    private SharedVertx() {
    }

    /** A new Vert.x instance to keep for the trial. */
    static Object open() {
        return Vertx.vertx();
    }

    /** A kernel on a fresh context of the kept instance (which stays open when it closes). */
    static Kernel kernel(Object kept) {
        return Kernel.create(VertxLoop.create((Vertx) kept));
    }

    /** Closes the kept instance, waiting for its threads to stop. */
    static void close(Object kept) {
        if (kept instanceof Vertx vertx) {
            try {
                vertx.close().toCompletionStage().toCompletableFuture().get(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("Vert.x did not close within " + CLOSE_WAIT_SECONDS + " s", e);
            }
        }
    }
}
