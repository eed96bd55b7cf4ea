package poe.bench.loop;

import poe.Kernel;
import poe.bench.workload.KernelWorkload;

/**
 * For loops whose handlers run on the thread that makes the kernel and calls
 * {@code run()} (select, and any loop like it): everything happens on the caller's thread.
 */
final class CallerThreadDriver implements LoopDriver {

    private final String loop;
    /** The SWT Display kept for the trial, as an Object so that other loops need no SWT. */
    private Object display;
    /** The Vert.x instance kept for the trial, as an Object so that other loops need no Vert.x. */
    private Object vertx;

    CallerThreadDriver(String loop) {
        this.loop = loop;
    }

    @Override
    public String loop() {
        return loop;
    }

    @Override
    public void run(KernelWorkload workload) {
        if (loop.equals("swt")) {
            // as an SWT program would: one Display for the whole trial, current on this
            // thread, which each kernel's SwtLoop then uses (and does not dispose)
            display = SwtDisplay.keepCurrent();
        }
        Kernel kernel = newKernel();
        try {
            if (!kernel.loop().inLoopThread()) {
                throw new IllegalStateException("the '" + loop + "' loop runs handlers on " + kernel.loop().loopThreadName()
                        + ", not on the thread that made the kernel; give it a driver in LoopDrivers.open");
            }
            workload.start(kernel);
            kernel.run();
        } finally {
            kernel.close();
        }
        workload.verify();
    }

    private Kernel newKernel() {
        if (loop.equals("vertx")) {
            // as a Vert.x program would: one instance for the whole trial, a kernel on a
            // context of it each time (Kernel.create("vertx") would start and close one per kernel)
            if (vertx == null) {
                vertx = SharedVertx.open();
            }
            return SharedVertx.kernel(vertx);
        }
        return Kernel.create(loop);
    }

    @Override
    public void close() {
        SwtDisplay.dispose(display);
        display = null;
        if (vertx != null) {
            SharedVertx.close(vertx);
            vertx = null;
        }
    }
}
