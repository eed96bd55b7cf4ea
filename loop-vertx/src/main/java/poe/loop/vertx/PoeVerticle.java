package poe.loop.vertx;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import poe.Kernel;

/**
 * A verticle that hosts a POE kernel on its context: deploying it creates the kernel and
 * runs your setup (create sessions, start servers); the kernel then runs as its sessions
 * have work, with every handler on the verticle's context. {@link #done()} completes when
 * the last session has stopped. Undeploying stops every session (each gets {@code _stop}),
 * checks that no channel is still watched, and releases the loop.
 *
 * <p>Vert.x handlers on the verticle's context may call the kernel directly; code on other
 * threads uses {@code kernel.post} or a postback.
 *
 * <pre>{@code
 * PoeVerticle poe = new PoeVerticle(kernel -> Session.builder()
 *         .on("_start", ev -> ev.kernel().aliasSet("greeter"))
 *         .on("greet", ev -> ((HttpServerRequest) ev.arg(0)).response().end("hello"))
 *         .create(kernel));
 * vertx.deployVerticle(poe).await();
 * vertx.createHttpServer()
 *         .requestHandler(request -> poe.kernel().post("greeter", "greet", request))
 *         .listen(8080);
 * }</pre>
 *
 * <p>Subclasses may override {@link #setup(Kernel)} instead of passing a setup.
 */
public class PoeVerticle extends VerticleBase {

    private final Consumer<Kernel> setup;
    private volatile Kernel kernel;
    private volatile VertxLoop loop;

    /**
     * A verticle that runs this setup on its context when deployed.
     *
     * @param setup creates the kernel's first sessions
     */
    public PoeVerticle(Consumer<Kernel> setup) {
        this.setup = Objects.requireNonNull(setup, "setup");
    }

    /** For subclasses that override {@link #setup(Kernel)}. */
    protected PoeVerticle() {
        this.setup = null;
    }

    /**
     * Creates the kernel's first sessions; runs on the verticle's context during deployment.
     *
     * @param kernel the new kernel
     */
    protected void setup(Kernel kernel) {
        if (setup == null) {
            throw new IllegalStateException(getClass().getName()
                    + " neither passed a setup to PoeVerticle nor overrode setup(Kernel)");
        }
        setup.accept(kernel);
    }

    /** The hosted kernel; set once the verticle is deployed. */
    public Kernel kernel() {
        Kernel k = kernel;
        if (k == null) {
            throw new IllegalStateException("the PoeVerticle is not deployed yet: its kernel is made in start()");
        }
        return k;
    }

    /**
     * Completes when the kernel's last session has stopped (or the verticle is undeployed),
     * fails with a handler's exception that no session handled.
     */
    public Future<Void> done() {
        return loop().done();
    }

    /** The loop under the kernel. */
    public VertxLoop loop() {
        VertxLoop l = loop;
        if (l == null) {
            throw new IllegalStateException("the PoeVerticle is not deployed yet: its loop is made in start()");
        }
        return l;
    }

    @Override
    public Future<?> start() {
        VertxLoop newLoop = VertxLoop.embed(context);
        Kernel newKernel = Kernel.create(newLoop);
        loop = newLoop;
        kernel = newKernel;
        try {
            setup(newKernel);
        } catch (RuntimeException | Error e) {
            newKernel.stop();
            newKernel.close();
            throw e;
        }
        return Future.succeededFuture();
    }

    @Override
    public Future<?> stop() {
        Kernel k = kernel;
        k.stop();
        List<String> leaks = loop.registrations();
        k.close();
        if (!leaks.isEmpty()) {
            return Future.failedFuture(new IllegalStateException(
                    "the kernel still watched channels after every session stopped: " + leaks));
        }
        return Future.succeededFuture();
    }
}
