package poe.wheel;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * Accepting on a listener for a wheel (SocketFactory's server mode, ListenAccept): up to
 * a few connections per readiness event, each made non-blocking and handed to the wheel;
 * pause and resume; and, when the system is out of descriptors or memory, a pause of
 * {@link SocketFactory#ACCEPT_BACKOFF_SECONDS} instead of spinning on a listener that
 * stays ready.
 */
final class Acceptor {

    /** What the wheel does with each outcome. */
    interface Sink {
        void accepted(SocketChannel socket, SocketAddress peer);

        void failed(String errno, String message);
    }

    private final AbstractWheel wheel;
    private final ServerSocketChannel listener;
    private final int perEvent;
    private final Sink sink;
    private final String acceptState;
    private final String resumeState;
    private boolean paused;
    private boolean backingOff;
    private long backoffTimer;

    Acceptor(AbstractWheel wheel, ServerSocketChannel listener, int perEvent, Sink sink) {
        this.wheel = wheel;
        this.listener = listener;
        this.perEvent = perEvent;
        this.sink = sink;
        this.acceptState = wheel.stateName("accept");
        this.resumeState = wheel.stateName("resume accept");
        wheel.defineState(acceptState, ev -> onAcceptable());
        wheel.defineState(resumeState, ev -> {
            backingOff = false;
            if (!wheel.isClosed() && !paused) {
                wheel.kernel.selectResumeRead(listener);
            }
        });
        wheel.kernel.selectRead(listener, acceptState);
    }

    private void onAcceptable() {
        for (int i = 0; i < perEvent && !wheel.isClosed() && !paused && !backingOff; i++) {
            SocketChannel ch;
            SocketAddress peer;
            try {
                ch = listener.accept();
                if (ch == null) {
                    return;
                }
                try {
                    ch.configureBlocking(false);
                    peer = ch.getRemoteAddress();
                } catch (IOException e) {
                    AbstractWheel.closeQuietly(ch);
                    throw e;
                }
            } catch (IOException e) {
                String errno = ErrnoNames.of(e);
                if (errno.equals("EMFILE") || errno.equals("ENFILE") || errno.equals("ENOBUFS")
                        || errno.equals("ENOMEM")) {
                    backingOff = true;
                    wheel.kernel.selectPauseRead(listener);
                    backoffTimer = wheel.kernel.delaySet(resumeState, SocketFactory.ACCEPT_BACKOFF_SECONDS);
                }
                sink.failed(errno, AbstractWheel.message(e));
                continue;
            }
            sink.accepted(ch, peer);
        }
    }

    void pause() {
        if (!paused) {
            paused = true;
            wheel.kernel.selectPauseRead(listener);
        }
    }

    void resume() {
        if (paused) {
            paused = false;
            if (!backingOff) {
                wheel.kernel.selectResumeRead(listener);
            }
        }
    }

    /** Removes the watcher, the back-off timer and the handlers; the owner is active. */
    void remove() {
        wheel.kernel.selectRead(listener);
        if (backingOff) {
            wheel.kernel.alarmRemove(backoffTimer);
        }
        wheel.kernel.state(acceptState, null);
        wheel.kernel.state(resumeState, null);
    }
}
