/**
 * The kernel's own data structures: <b>not API; may change without notice.</b> Public only
 * because the kernel in {@code poe} uses them across the package boundary; nothing outside
 * {@code poe} may use them (compat-tests' {@code LayeringTest} checks that).
 *
 * <pre>{@code
 * // only poe.Kernel and its helpers in package poe, e.g.
 * LongMap<Session> byId = new LongMap<>();
 * }</pre>
 */
package poe.internal;
