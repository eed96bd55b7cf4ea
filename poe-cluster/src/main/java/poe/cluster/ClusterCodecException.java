package poe.cluster;

/** An argument that cannot cross the cluster: an unregistered type, too deep, or too large. */
public final class ClusterCodecException extends IllegalArgumentException {
    public ClusterCodecException(String message) {
        super(message);
    }

    public ClusterCodecException(String message, Throwable cause) {
        super(message, cause);
    }
}
