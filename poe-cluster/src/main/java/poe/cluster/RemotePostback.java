package poe.cluster;

import java.util.List;
import java.util.Objects;

/**
 * A postback that crosses nodes: made by {@link ClusterNode#postback} for the active session,
 * passed as an argument to a session on any node, and fired there with {@link #accept}; the
 * session that made it gets its event with (made, given), two lists, as a local
 * {@code Postback} delivers them. It does not keep that session alive; fired after the
 * session stopped, it fails. Thread-safe.
 */
public final class RemotePostback {

    private final String nodeId;
    private final long sessionId;
    private final String event;
    private final List<Object> made;
    private final ClusterNode via;

    RemotePostback(String nodeId, long sessionId, String event, List<Object> made, ClusterNode via) {
        this.nodeId = nodeId;
        this.sessionId = sessionId;
        this.event = event;
        this.made = made;
        this.via = via;
    }

    /**
     * Fires it: sends (made, given) to the session that made it, on its node. A failure
     * (the node or session gone) reaches the session that fires it, if fired in a handler of
     * this node's kernel, as its error event; from other threads it is dropped.
     *
     * @throws ClusterCodecException (at once) for a value that cannot cross
     */
    public void accept(Object... given) {
        via.firePostback(this, given);
    }

    String nodeId() {
        return nodeId;
    }

    long sessionId() {
        return sessionId;
    }

    /** The event the making session gets. */
    public String event() {
        return event;
    }

    List<Object> made() {
        return made;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RemotePostback r && r.nodeId.equals(nodeId) && r.sessionId == sessionId
                && r.event.equals(event) && r.made.equals(made);
    }

    @Override
    public int hashCode() {
        return Objects.hash(nodeId, sessionId, event, made);
    }

    @Override
    public String toString() {
        return "RemotePostback[" + event + " to session " + sessionId + " on node " + nodeId + "]";
    }
}
