package poe.cluster;

/**
 * What reaches a session, as the argument of its error event, when a post or call it made
 * failed.
 *
 * @param kind   why, in one word: {@code NO_NAME} (nobody publishes the name),
 *               {@code TIMEOUT} (no acknowledgement or answer in time), {@code NODE_LEFT}
 *               (the node that took the call left the cluster), {@code REFUSED} (the
 *               receiver refused it: too large, undecodable, its session gone),
 *               {@code PUBLISH_REFUSED} (the name is published elsewhere), {@code ERROR}
 * @param name   the cluster-wide name
 * @param event  the event posted or called
 * @param reason a sentence for people
 * @param callId the call's ID, or 0 for a post or publish
 */
public record ClusterError(String kind, String name, String event, String reason, long callId) {
}
