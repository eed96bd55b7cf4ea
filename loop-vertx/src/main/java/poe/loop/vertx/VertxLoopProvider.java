package poe.loop.vertx;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import poe.loop.Loop;
import poe.loop.LoopProvider;

/**
 * Makes the {@code vertx} loop known to {@link poe.loop.Loops}.
 *
 * <p>{@link #detectRunning()} is true on a Vert.x event-loop thread, so a kernel created
 * there (in a verticle's {@code start}, in a request handler) picks this loop without being
 * asked and runs embedded on the current context. Elsewhere the loop starts a Vert.x
 * instance of its own, closed with the kernel.
 *
 * <pre>{@code
 * Kernel kernel = Kernel.create("vertx");   // or java -Dpoe.loop=vertx ...
 * }</pre>
 */
public final class VertxLoopProvider implements LoopProvider {

    /** The loop's name: {@value}. */
    public static final String NAME = "vertx";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean detectRunning() {
        return currentEventLoopContext() != null;
    }

    @Override
    public Loop create() {
        Context current = currentEventLoopContext();
        return current != null ? VertxLoop.create(current) : VertxLoop.create();
    }

    private static Context currentEventLoopContext() {
        if (!Context.isOnEventLoopThread()) {
            return null;
        }
        Context current = Vertx.currentContext();
        return current != null && current.isEventLoopContext() ? current : null;
    }
}
