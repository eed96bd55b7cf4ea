/**
 * A small SWT program on the kernel: see {@link poe.examples.swt.SwtExample}.
 *
 * <pre>{@code
 * xvfb-run -a ./mvnw -q -pl examples-loops -am process-classes -Pswt-example   # or without xvfb-run on a desktop
 * }</pre>
 */
package poe.examples.swt;
