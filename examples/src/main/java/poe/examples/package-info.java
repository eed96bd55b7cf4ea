/**
 * Runnable tutorial programs on the default loop: {@link poe.examples.HelloWorld},
 * {@link poe.examples.HelloWorldShort}, {@link poe.examples.Counting} (the README's main
 * demo), {@link poe.examples.Timers} and {@link poe.examples.EchoServer}.
 *
 * <pre>{@code
 * ./mvnw -q -pl examples -am compile exec:java -Dexec.mainClass=poe.examples.EchoServer
 * }</pre>
 */
package poe.examples;
