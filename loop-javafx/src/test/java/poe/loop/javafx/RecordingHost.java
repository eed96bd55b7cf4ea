package poe.loop.javafx;

import java.nio.channels.SelectableChannel;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import poe.loop.IoMode;
import poe.loop.LoopHost;

/** A LoopHost standing in for the kernel: counts calls and records their threads. */
final class RecordingHost implements LoopHost {
    final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    final AtomicInteger dispatches = new AtomicInteger();
    final AtomicInteger readies = new AtomicInteger();
    volatile boolean sessions = true;
    volatile Runnable onDispatch = () -> { };

    @Override
    public void beginTimeslice() {
        threads.add(Thread.currentThread());
    }

    @Override
    public void channelReady(SelectableChannel channel, IoMode mode) {
        threads.add(Thread.currentThread());
        readies.incrementAndGet();
    }

    @Override
    public void dispatchDue() {
        threads.add(Thread.currentThread());
        dispatches.incrementAndGet();
        onDispatch.run();
    }

    @Override
    public long nextDueNanos() {
        return Long.MAX_VALUE;
    }

    @Override
    public boolean hasSessions() {
        return sessions;
    }
}
