/**
 * Drivers (POE::Driver): move bytes between channels and the program.
 * {@link poe.driver.SysRW} is the standard one: non-blocking reads and a write queue with
 * octet and message counts, for any {@code ReadableByteChannel}/{@code WritableByteChannel}
 * (sockets, pipes, files).
 *
 * <pre>{@code
 * Driver driver = new SysRW();
 * driver.put(Line.create().put(List.of("hello")));
 * long left = driver.flush(socketChannel);
 * }</pre>
 */
package poe.driver;
