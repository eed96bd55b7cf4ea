/**
 * The component ports of POE::Test::Loops and POE's own {@code t/} (Server::TCP,
 * Client::TCP), each run on every loop and in both drive modes through
 * {@link poe.compat.LoopTest}.
 */
package poe.compat.components;
