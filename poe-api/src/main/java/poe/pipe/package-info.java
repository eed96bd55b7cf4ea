/**
 * Pipes (POE::Pipe): {@link poe.pipe.OneWay} and {@link poe.pipe.TwoWay}, selectable,
 * non-blocking channel pairs for talking between sessions, threads or wheels.
 *
 * <pre>{@code
 * try (TwoWay pair = TwoWay.open()) {
 *     pair.a().write(ByteBuffer.wrap(new byte[] {1}));
 * }
 * }</pre>
 */
package poe.pipe;
