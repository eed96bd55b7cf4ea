/**
 * The Vert.x loop: a POE kernel on a Vert.x event-loop context, and POE sessions embedded
 * in Vert.x applications.
 *
 * <p>{@link poe.loop.vertx.VertxLoop} runs every handler on one context's thread, so
 * handlers may use Vert.x clients and servers directly; Vert.x code on any thread reaches
 * the kernel through {@code post} and postbacks. {@link poe.loop.vertx.PoeVerticle} hosts a
 * kernel in a verticle: deploying it starts the sessions, undeploying it stops them.
 *
 * <pre>{@code
 * vertx.deployVerticle(new PoeVerticle(kernel ->
 *         Session.builder().on("_start", ev -> ev.kernel().delay("tick", 1)).create(kernel)));
 * }</pre>
 */
package poe.loop.vertx;
