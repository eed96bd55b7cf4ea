/**
 * The loop bridge (POE::Loop): the SPI between the kernel and an event loop, and the
 * startup choice of loop.
 *
 * <h2>How to write a loop</h2>
 * <ol>
 *   <li>Implement {@link poe.loop.Loop}. The kernel owns every queue; the loop owns only
 *       waiting: one timer ({@link poe.loop.Loop#armTimer}), channel readiness
 *       ({@link poe.loop.Loop#watchChannel} and friends) and a cross-thread
 *       {@link poe.loop.Loop#wakeup()}.</li>
 *   <li>When the timer is due or a wakeup arrives, call
 *       {@link poe.loop.LoopHost#dispatchDue()} on the loop thread; when a channel is
 *       ready, call {@link poe.loop.LoopHost#channelReady} and then
 *       {@link poe.loop.LoopHost#dispatchDue()}. Batch: one hand-off to your loop's thread
 *       per timeslice, never one per event.</li>
 *   <li>Readiness is level-triggered: either report a channel every time it is ready, or
 *       disarm its interest until the handler has run and re-arm it afterwards, so that
 *       nothing is lost and the loop is not flooded.</li>
 *   <li>Implement {@link poe.loop.Loop#doTimeslice()} (one wait-and-dispatch step) and
 *       {@link poe.loop.Loop#run()} (timeslices until
 *       {@link poe.loop.LoopHost#hasSessions()} is false or {@link poe.loop.Loop#halt()}).</li>
 *   <li>Register a {@link poe.loop.LoopProvider} in
 *       {@code META-INF/services/poe.loop.LoopProvider}.</li>
 *   <li>Run the conformance suite ({@code compat-tests}) against it in both drive modes.</li>
 * </ol>
 *
 * <pre>{@code
 * Kernel kernel = Kernel.create("select");   // Loops.open("select") behind the scenes
 * }</pre>
 */
package poe.loop;
