/**
 * The SWT loop: the kernel on an SWT {@link org.eclipse.swt.widgets.Display}, every
 * handler on the Display thread.
 *
 * <p>Pick it with {@code Kernel.create("swt")}, {@code -Dpoe.loop=swt}, or by creating the
 * kernel on a thread that already has a Display. Closing a window can stop the kernel
 * ({@code kernel.signalUiDestroy(shell)}), and postbacks serve as SWT listeners.
 *
 * <pre>{@code
 * Display display = new Display();
 * Kernel kernel = Kernel.create(new SwtLoop(display));
 * button.addListener(SWT.Selection, session.postback("clicked")::accept);
 * kernel.run();
 * }</pre>
 */
package poe.loop.swt;
