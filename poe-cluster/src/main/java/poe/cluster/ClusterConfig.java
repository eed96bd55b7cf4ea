package poe.cluster;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a node joins: its name, the Hazelcast cluster name, the address it binds (only that
 * one), its Hazelcast port, the members to discover by TCP/IP (no multicast), the codec,
 * the message limit and the timeouts. Immutable; the {@code with...} methods return copies.
 *
 * @param nodeName        this node's name, as join and leave signals carry it
 * @param clusterName     the Hazelcast cluster name: nodes with other names never meet
 * @param host            the address Hazelcast and the event bus bind to (e.g. 127.0.0.1)
 * @param port            the Hazelcast port on {@code host}
 * @param members         the members to contact, {@code "host:port"} each
 * @param codec           the argument codec (register the same types on every node)
 * @param maxMessageBytes the largest encoded argument list sent or accepted
 * @param ackTimeout      how long a post waits for the receiving node's receipt (or, to a name
 *                        this node does not know yet, its acknowledgement) before it fails as
 *                        {@code TIMEOUT}
 * @param callTimeout     how long a call waits for its answer
 * @param errorEvent      the event failures reach the sending session as (a {@link ClusterError})
 */
public record ClusterConfig(String nodeName, String clusterName, String host, int port, List<String> members,
                            ArgCodec codec, int maxMessageBytes, Duration ackTimeout, Duration callTimeout,
                            String errorEvent) {

    public ClusterConfig {
        Objects.requireNonNull(nodeName, "nodeName");
        Objects.requireNonNull(clusterName, "clusterName");
        Objects.requireNonNull(host, "host");
        members = List.copyOf(members);
        Objects.requireNonNull(codec, "codec");
        if (maxMessageBytes < 16) {
            throw new IllegalArgumentException("maxMessageBytes must be at least 16, got " + maxMessageBytes);
        }
        Objects.requireNonNull(ackTimeout, "ackTimeout");
        Objects.requireNonNull(callTimeout, "callTimeout");
        Objects.requireNonNull(errorEvent, "errorEvent");
    }

    /**
     * A node on {@code host:port} that discovers {@code members}: 1 MiB messages, 10 s to
     * acknowledge, 30 s to answer, errors as {@code "cluster_error"}.
     */
    public static ClusterConfig of(String nodeName, String clusterName, String host, int port, List<String> members) {
        return new ClusterConfig(nodeName, clusterName, host, port, members, new ArgCodec(), 1 << 20,
                Duration.ofSeconds(10), Duration.ofSeconds(30), "cluster_error");
    }

    public ClusterConfig withCodec(ArgCodec c) {
        return new ClusterConfig(nodeName, clusterName, host, port, members, c, maxMessageBytes, ackTimeout,
                callTimeout, errorEvent);
    }

    public ClusterConfig withMaxMessageBytes(int max) {
        return new ClusterConfig(nodeName, clusterName, host, port, members, codec, max, ackTimeout, callTimeout,
                errorEvent);
    }

    public ClusterConfig withTimeouts(Duration ack, Duration call) {
        return new ClusterConfig(nodeName, clusterName, host, port, members, codec, maxMessageBytes, ack, call,
                errorEvent);
    }

    public ClusterConfig withErrorEvent(String event) {
        return new ClusterConfig(nodeName, clusterName, host, port, members, codec, maxMessageBytes, ackTimeout,
                callTimeout, event);
    }
}
