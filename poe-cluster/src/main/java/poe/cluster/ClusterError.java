package poe.cluster;

/**
 * What reaches a session, as the argument of its error event, when a post or call it made
 * failed.
 *
 * @param kind   why, in one word: {@code NO_NAME} (nobody publishes the name),
 *               {@code TIMEOUT} (no receipt or answer in time), {@code NODE_LEFT}
 *               (the node publishing the name left the cluster before it answered the
 *               call or acknowledged the post), {@code REFUSED} (the receiver refused it:
 *               too large, undecodable, its session gone), {@code LOST} (the receiving
 *               node saw a later post of this node's but not this one: the event bus
 *               dropped it), {@code PUBLISH_REFUSED} (the name is published elsewhere),
 *               {@code ERROR}. {@code TIMEOUT} and {@code NODE_LEFT} do not say a post
 *               was not delivered: only that no receipt came back.
 * @param name   the cluster-wide name
 * @param event  the event posted or called
 * @param reason a sentence for people
 * @param callId the call's ID, or 0 for a post or publish
 */
public record ClusterError(String kind, String name, String event, String reason, long callId) {
}
