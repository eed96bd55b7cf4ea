/**
 * The conformance harness: run a scenario on every loop and in every drive mode.
 *
 * <p>{@link poe.compat.LoopTest} marks a test method; {@link poe.compat.ConformanceExtension}
 * runs it once per {@link poe.compat.LoopFixture} (one per loop, found with
 * {@link java.util.ServiceLoader}) and per {@link poe.compat.DriveMode}, handing it a
 * {@link poe.compat.ScenarioContext}. Cases a loop cannot pass are declared in
 * {@link poe.compat.ExpectedFailures}; results go to {@link poe.compat.ConformanceReport}.
 *
 * <pre>{@code
 * @LoopTest
 * void greets(ScenarioContext ctx) {
 *     List<String> log = new ArrayList<>();
 *     Session.builder().on("_start", ev -> log.add("hello")).create(ctx.kernel());
 *     ctx.drive();
 *     assertEquals(List.of("hello"), log);
 * }
 * }</pre>
 */
package poe.compat;
