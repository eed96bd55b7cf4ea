/**
 * The wheel ports of POE::Test::Loops and POE's own {@code t/} (ReadWrite, SocketFactory,
 * ListenAccept, pipes, SysRW) and the wheels' reliability cases, each run on every loop
 * and in both drive modes through {@link poe.compat.LoopTest}.
 */
package poe.compat.wheels;
