package poe.wheel;

import java.io.EOFException;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.UnresolvedAddressException;
import java.util.Locale;

/**
 * POSIX errno names for the I/O failures wheels report: Java reports an {@code IOException}
 * with the operating system's message, POE reports {@code $!}; wheels' error events carry
 * the name, such as {@code ECONNRESET} or {@code EPIPE}, and the message.
 *
 * <pre>{@code
 * } catch (IOException e) {
 *     String errno = ErrnoNames.of(e);     // "ECONNREFUSED", "EMFILE", ... or "EIO"
 * }
 * }</pre>
 */
public final class ErrnoNames {

    /** The errno of an error event that reports end of input (POE's errnum 0). */
    public static final String EOF = "0";

    private ErrnoNames() {
    }

    /**
     * The errno name of an I/O failure: from its type where Java has one, else from the
     * operating system's message (Linux and macOS wording); {@code EIO} when unknown.
     *
     * @param e the failure
     * @return the errno name
     */
    public static String of(Throwable e) {
        if (e instanceof EOFException) {
            return EOF;
        }
        if (e instanceof UnknownHostException || e instanceof UnresolvedAddressException) {
            return "ENOENT";        // POE's resolver failure; getaddrinfo's EAI_NONAME has no errno
        }
        if (e instanceof SocketTimeoutException) {
            return "ETIMEDOUT";
        }
        if (e instanceof AsynchronousCloseException || e instanceof ClosedChannelException) {
            return "EBADF";
        }
        String byMessage = fromMessage(e.getMessage());
        if (byMessage != null) {
            return byMessage;
        }
        if (e instanceof ConnectException) {
            return "ECONNREFUSED";
        }
        if (e instanceof NoRouteToHostException) {
            return "EHOSTUNREACH";
        }
        if (e instanceof PortUnreachableException) {
            return "ECONNREFUSED";
        }
        if (e instanceof BindException) {
            return "EADDRINUSE";
        }
        return "EIO";
    }

    private static String fromMessage(String message) {
        if (message == null) {
            return null;
        }
        String m = message.toLowerCase(Locale.ROOT);
        if (m.contains("connection reset")) {
            return "ECONNRESET";
        }
        if (m.contains("broken pipe")) {
            return "EPIPE";
        }
        if (m.contains("connection refused")) {
            return "ECONNREFUSED";
        }
        if (m.contains("timed out")) {
            return "ETIMEDOUT";
        }
        if (m.contains("no route to host") || m.contains("host is unreachable")) {
            return "EHOSTUNREACH";
        }
        if (m.contains("network is unreachable")) {
            return "ENETUNREACH";
        }
        if (m.contains("too many open files in system")) {
            return "ENFILE";
        }
        if (m.contains("too many open files")) {
            return "EMFILE";
        }
        if (m.contains("address already in use")) {
            return "EADDRINUSE";
        }
        if (m.contains("cannot assign requested address") || m.contains("can't assign requested address")) {
            return "EADDRNOTAVAIL";
        }
        if (m.contains("permission denied")) {
            return "EACCES";
        }
        if (m.contains("no such file or directory")) {
            return "ENOENT";
        }
        if (m.contains("address family not supported") || m.contains("protocol family unavailable")
                || m.contains("protocol family not supported")) {
            return "EAFNOSUPPORT";
        }
        if (m.contains("message too long")) {
            return "EMSGSIZE";
        }
        if (m.contains("socket is not connected") || m.contains("not connected")) {
            return "ENOTCONN";
        }
        if (m.contains("connection aborted") || m.contains("software caused connection abort")) {
            return "ECONNABORTED";
        }
        return null;
    }
}
