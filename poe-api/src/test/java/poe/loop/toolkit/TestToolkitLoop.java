package poe.loop.toolkit;

import java.util.function.BooleanSupplier;

/** A ToolkitLoop on a {@link QueueToolkit}: what a GUI loop looks like, minus the GUI. */
final class TestToolkitLoop extends ToolkitLoop {
    private final QueueToolkit toolkit;
    private final boolean runsByItself;
    volatile boolean pumpAllowed = true;
    volatile int pumps;
    volatile int starts;

    TestToolkitLoop(QueueToolkit toolkit, boolean runsByItself) {
        super("testkit");
        this.toolkit = toolkit;
        this.runsByItself = runsByItself;
    }

    @Override
    protected boolean isToolkitThread() {
        return toolkit.isToolkitThread();
    }

    @Override
    protected void executeOnToolkit(Runnable task) {
        toolkit.execute(task);
    }

    @Override
    protected boolean canPump() {
        return isToolkitThread() && pumpAllowed;
    }

    @Override
    protected void pumpUntil(BooleanSupplier done) {
        pumps++;
        toolkit.pumpUntil(done);
    }

    @Override
    protected boolean toolkitRunsByItself() {
        return runsByItself;
    }

    @Override
    protected void startToolkitIfNeeded() {
        starts++;
    }

    @Override
    protected String wrongThreadAdvice() {
        return "create it on the test toolkit's thread";
    }

    /** Exposes {@link #runInTimeslice} to tests. */
    void windowClosed(Runnable onDestroy) {
        runInTimeslice(onDestroy);
    }
}
