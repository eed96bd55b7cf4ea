/**
 * Examples of POE inside Vert.x applications.
 *
 * <pre>{@code
 * ./mvnw -q -pl loop-vertx -am compile exec:java -Pvertx-example   # runs VertxHttpEndpoint on port 8080
 * }</pre>
 */
package poe.examples.vertx;
