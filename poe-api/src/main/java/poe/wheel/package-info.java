/**
 * Wheels (POE::Wheel): reusable I/O patterns that a session owns.
 *
 * <p>{@link poe.wheel.ReadWrite} buffers, filters and writes a stream;
 * {@link poe.wheel.SocketFactory} connects, listens and binds sockets (IPv4, IPv6,
 * UNIX-domain; stream and datagram); {@link poe.wheel.ListenAccept} accepts on a listener
 * made elsewhere; {@link poe.wheel.FollowTail} follows files; {@link poe.wheel.Run} runs child
 * processes; {@link poe.wheel.ReadLine} (JLine) and {@link poe.wheel.Curses} (Lanterna), both
 * optional dependencies, are for people at a terminal. Every wheel is created inside a handler of its owner, delivers its events
 * to that owner with {@code call()} and the wheel's ID as last argument, and goes away with
 * {@link poe.wheel.Wheel#close()} or when its owner stops. Errors carry POSIX errno names
 * ({@link poe.wheel.ErrnoNames}).
 *
 * <p>Wheels use only the kernel's public API, {@link poe.filter} and {@link poe.driver}.
 *
 * <pre>{@code
 * // a line echo server: one session per connection
 * Session.builder()
 *     .on("_start", ev -> ev.<Map<String, Object>>heap().put("server", SocketFactory.builder().bindAddress("127.0.0.1").bindPort(7)
 *         .successEvent("accepted").failureEvent("failed").create(ev.kernel())))
 *     .on("accepted", ev -> Session.builder()
 *         .args(ev.arg(SocketFactory.ARG_SOCKET))
 *         .on("_start", c -> c.<Map<String, Object>>heap().put("io", ReadWrite.builder()
 *             .handle((SocketChannel) c.arg(0)).inputEvent("line").errorEvent("gone").create(c.kernel())))
 *         .on("line", c -> ((ReadWrite) c.<Map<String, Object>>heap().get("io")).put(c.arg(0)))
 *         .on("gone", c -> ((ReadWrite) c.<Map<String, Object>>heap().get("io")).close())
 *         .heap(new HashMap<String, Object>())
 *         .create(ev.kernel()))
 *     .heap(new HashMap<String, Object>())
 *     .create(kernel);
 * }</pre>
 */
package poe.wheel;
