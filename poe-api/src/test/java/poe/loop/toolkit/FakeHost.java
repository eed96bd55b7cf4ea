package poe.loop.toolkit;

import java.nio.channels.SelectableChannel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import poe.loop.IoMode;
import poe.loop.LoopHost;

/** A LoopHost that records what the loop calls, and on which threads. */
final class FakeHost implements LoopHost {
    final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    final AtomicInteger dispatches = new AtomicInteger();
    volatile boolean sessions = true;
    volatile Runnable onDispatch = () -> { };
    volatile ReadyHandler onReady = (channel, mode) -> { };

    interface ReadyHandler {
        void ready(SelectableChannel channel, IoMode mode) throws Exception;
    }

    @Override
    public void beginTimeslice() {
        threads.add(Thread.currentThread());
        calls.add("begin");
    }

    @Override
    public void channelReady(SelectableChannel channel, IoMode mode) {
        threads.add(Thread.currentThread());
        calls.add("ready " + mode);
        try {
            onReady.ready(channel, mode);
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }

    @Override
    public void dispatchDue() {
        threads.add(Thread.currentThread());
        calls.add("due");
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

    List<String> calls() {
        synchronized (calls) {
            return new ArrayList<>(calls);
        }
    }
}
