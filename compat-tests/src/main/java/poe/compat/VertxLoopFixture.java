package poe.compat;

import io.vertx.core.Vertx;
import poe.Kernel;
import poe.loop.vertx.VertxLoop;

/**
 * The {@code vertx} loop's fixture: a scenario runs on the test thread, which owns the
 * driven kernel between runs and timeslices, while every handler runs on a Vert.x
 * event-loop context ({@code kernel.run()} and {@code runOneTimeslice()} hand the kernel to
 * the context and block until it is done). All scenarios share one Vert.x instance, each
 * kernel on a context of its own, as an application with many kernels would.
 *
 * <pre>{@code
 * // META-INF/services/poe.compat.LoopFixture
 * poe.compat.VertxLoopFixture
 * }</pre>
 */
public final class VertxLoopFixture implements LoopFixture {

    /** One Vert.x for the whole suite, made when the first vertx scenario runs. */
    private static final class Shared {
        static final Vertx VERTX = Vertx.vertx();
    }

    @Override
    public String loopName() {
        return "vertx";
    }

    @Override
    public void execute(ScenarioBody body) throws Throwable {
        body.run();
    }

    @Override
    public Kernel createKernel() {
        return Kernel.create(VertxLoop.create(Shared.VERTX));
    }

    @Override
    public boolean isToolkitThread(Thread thread) {
        String name = thread.getName();
        // Vert.x starts its event-loop, worker and checker threads lazily, for the whole instance.
        return name.startsWith("vert.x-") || name.equals("vertx-blocked-thread-checker")
                || name.startsWith("globalEventExecutor-");
    }
}
