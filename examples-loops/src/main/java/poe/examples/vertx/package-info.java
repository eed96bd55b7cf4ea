/**
 * Examples of POE inside Vert.x applications.
 *
 * <pre>{@code
 * ./mvnw -q -pl examples-loops -am compile exec:java -Pvertx-example   # runs VertxHttpEndpoint on port 8080
 * }</pre>
 */
package poe.examples.vertx;
