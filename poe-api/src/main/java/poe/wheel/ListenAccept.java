package poe.wheel;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Objects;

import poe.Kernel;

/**
 * Accepts connections on a listening channel made elsewhere (POE::Wheel::ListenAccept):
 * one AcceptEvent per connection, with (the non-blocking {@link SocketChannel}, the peer's
 * {@link SocketAddress}, wheel ID); ErrorEvent with (operation {@code accept}, errno name,
 * message, wheel ID). {@link #close()} stops accepting and, unless built with
 * {@code ownsHandle(false)}, closes the listener.
 *
 * <pre>{@code
 * ServerSocketChannel server = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
 * ListenAccept acceptor = ListenAccept.builder()
 *     .handle(server)
 *     .acceptEvent("accepted").errorEvent("accept_failed")
 *     .create(ev.kernel());
 * }</pre>
 *
 * <p>Running out of descriptors (EMFILE, ENFILE) is an ErrorEvent, and accepting pauses for
 * {@link SocketFactory#ACCEPT_BACKOFF_SECONDS}, so that a listener that stays ready does not
 * spin.
 */
public final class ListenAccept extends AbstractWheel {

    /** AcceptEvent: the accepted socket. */
    public static final int ARG_SOCKET = 0;
    /** AcceptEvent: the peer's address. */
    public static final int ARG_PEER = 1;
    /** AcceptEvent: the wheel ID. */
    public static final int ARG_ACCEPT_WHEEL_ID = 2;

    private final ServerSocketChannel listener;
    private final boolean ownsHandle;
    private String acceptEvent;
    private String errorEvent;
    private final Acceptor acceptor;

    private ListenAccept(Builder b, Kernel kernel) {
        super(kernel, "ListenAccept");
        this.listener = b.handle;
        this.ownsHandle = b.ownsHandle;
        this.acceptEvent = b.acceptEvent;
        this.errorEvent = b.errorEvent;
        this.acceptor = new Acceptor(this, listener, 1, new Acceptor.Sink() {
            @Override
            public void accepted(SocketChannel socket, SocketAddress peer) {
                emit(acceptEvent, socket, peer, id);
            }

            @Override
            public void failed(String errno, String message) {
                emitError(errorEvent, "accept", errno, message);
            }
        });
        tie();
    }

    /** A builder for a ListenAccept wheel. */
    public static Builder builder() {
        return new Builder();
    }

    /** Stops accepting until {@link #resumeAccept()}. */
    public void pauseAccept() {
        checkUse("pauseAccept");
        acceptor.pause();
    }

    /** Accepts again after {@link #pauseAccept()}. */
    public void resumeAccept() {
        checkUse("resumeAccept");
        acceptor.resume();
    }

    /**
     * Renames events at run time: pairs of {@code AcceptEvent} or {@code ErrorEvent} and
     * the new name.
     *
     * @param kindsAndNames kind, name, ...
     */
    public void event(String... kindsAndNames) {
        checkUse("event");
        if (kindsAndNames.length % 2 != 0) {
            throw new IllegalArgumentException(this + ": event() takes pairs of kind and name");
        }
        for (int i = 0; i < kindsAndNames.length; i += 2) {
            switch (kindsAndNames[i]) {
                case "AcceptEvent" -> acceptEvent = kindsAndNames[i + 1];
                case "ErrorEvent" -> errorEvent = kindsAndNames[i + 1];
                default -> throw new IllegalArgumentException(this + ": unknown event kind '" + kindsAndNames[i]
                        + "'; ListenAccept has [AcceptEvent, ErrorEvent]");
            }
        }
    }

    /** The listening channel. */
    public ServerSocketChannel getHandle() {
        return listener;
    }

    @Override
    void removeFromOwner() {
        acceptor.remove();
    }

    @Override
    void releaseResources() {
        if (ownsHandle) {
            closeQuietly(listener);
        }
    }

    /** Builds a {@link ListenAccept}. */
    public static final class Builder {
        private ServerSocketChannel handle;
        private boolean ownsHandle = true;
        private String acceptEvent;
        private String errorEvent;

        private Builder() {
        }

        /** The bound listening channel (required). */
        public Builder handle(ServerSocketChannel listener) {
            this.handle = Objects.requireNonNull(listener, "handle");
            return this;
        }

        /** Whether {@link ListenAccept#close()} closes the listener (default true). */
        public Builder ownsHandle(boolean owns) {
            this.ownsHandle = owns;
            return this;
        }

        /** The event for each connection (required). */
        public Builder acceptEvent(String event) {
            this.acceptEvent = event;
            return this;
        }

        /** The event for accept failures. */
        public Builder errorEvent(String event) {
            this.errorEvent = event;
            return this;
        }

        /**
         * Creates the wheel for the active session; it accepts at once.
         *
         * @param kernel the kernel
         * @return the wheel
         */
        public ListenAccept create(Kernel kernel) {
            if (handle == null) {
                throw new IllegalArgumentException("ListenAccept needs handle(serverSocketChannel)");
            }
            if (acceptEvent == null) {
                throw new IllegalArgumentException("ListenAccept needs acceptEvent(...)");
            }
            if (handle.socket().getLocalSocketAddress() == null && !isBound(handle)) {
                throw new IllegalArgumentException("ListenAccept: the channel is not bound; call bind(...) first");
            }
            return new ListenAccept(this, kernel);
        }

        private static boolean isBound(ServerSocketChannel ch) {
            try {
                return ch.getLocalAddress() != null;
            } catch (IOException e) {
                return false;
            }
        }
    }
}
