/**
 * Components (POE::Component): ready-made sessions built on wheels.
 * {@link poe.component.TcpServer} (Server::TCP) listens and runs a session per client;
 * {@link poe.component.TcpClient} (Client::TCP) connects, reconnects and shuts down.
 *
 * <pre>{@code
 * TcpServer.builder().port(7007)
 *     .clientInput(ev -> TcpServer.client(ev).put(ev.arg(TcpServer.ARG_INPUT)))
 *     .create(kernel);
 * }</pre>
 */
package poe.component;
