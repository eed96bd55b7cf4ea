package poe.driver;

import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.List;

/**
 * A driver (POE::Driver): moves bytes between a channel and the program. It reads raw
 * chunks for a filter to decode, and queues encoded chunks until the channel can take
 * them. Wheels call it when the kernel reports the channel ready.
 *
 * <pre>{@code
 * Driver driver = new SysRW();
 * List<byte[]> chunks = driver.get(channel);          // on read readiness
 * driver.put(filter.put(records));                    // queue output
 * long left = driver.flush(channel);                  // on write readiness; 0 = all sent
 * }</pre>
 */
public interface Driver {

    /**
     * Reads what the channel has now, without blocking.
     *
     * @param channel a readable channel; a selectable one must be non-blocking
     * @return the chunks read, empty when nothing is available yet: arrays the caller now
     *     owns (a new array per chunk, never the driver's buffer), since wheels hand them
     *     on to a filter that may keep them (see {@link poe.filter.Filter})
     * @throws EOFException at end of stream (POE's read error with errnum 0)
     * @throws IOException when reading fails
     */
    List<byte[]> get(ReadableByteChannel channel) throws IOException;

    /**
     * Queues chunks for writing. Empty chunks are ignored.
     *
     * @param chunks the chunks, in order; the driver keeps references to them, so do not
     *     change them afterwards
     * @return the octets now queued
     */
    long put(List<byte[]> chunks);

    /**
     * Writes as much of the queue as the channel takes now, without blocking.
     *
     * @param channel a writable channel; a selectable one must be non-blocking
     * @return the octets still queued; 0 when the queue is empty
     * @throws IOException when writing fails; what was not written stays queued
     */
    long flush(WritableByteChannel channel) throws IOException;

    /** Octets queued for writing. */
    long getOutOctets();

    /** Chunks (messages) queued for writing, the partly written one included. */
    int getOutMessages();
}
