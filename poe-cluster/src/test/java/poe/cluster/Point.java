package poe.cluster;

/** A record the tests register on every node. */
public record Point(int x, int y, String label) {
}
