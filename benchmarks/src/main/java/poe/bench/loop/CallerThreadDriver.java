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
        Kernel kernel = Kernel.create(loop);
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

    @Override
    public void close() {
        SwtDisplay.dispose(display);
        display = null;
    }
}
