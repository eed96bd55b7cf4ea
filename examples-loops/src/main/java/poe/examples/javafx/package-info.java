/**
 * JavaFX examples for POE: {@link poe.examples.javafx.Stopwatches}, several timers each in
 * its own session, driven by the javafx loop.
 *
 * <pre>{@code
 * ./mvnw -q -pl examples-loops -am compile -Pstopwatches
 * }</pre>
 */
package poe.examples.javafx;
