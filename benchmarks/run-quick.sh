#!/usr/bin/env sh
# Builds the benchmarks and runs the quick suite: every workload on every loop found, with
# the plain limit, Netty, Vert.x and ScheduledThreadPoolExecutor in the same run.
# Prints the table and writes benchmarks/target/bench-quick.json. About 5 minutes on 2 cores
# (an estimate: line-echo adds about 50 s to the 4 minutes measured before it; the
# components' http-hello, connect-close and TcpServer line-echo rows about 60-90 s more;
# run-stdout, run-spawn and tail-lines about 40-50 s more, their warm-up runs included).
# Without a display, the GUI loops (javafx, swt) run under xvfb-run when it is installed,
# and are skipped (with a note in the table) when it is not.
# The table's targets include the network components' (issue 17, rows tcpserver/select):
# line-echo tcpserver/netty >= 0.8, http-hello tcpserver/vertx >= 0.7, connect-close
# tcpserver/netty >= 0.7, plain NIO ahead of every server on each (the generator is not the
# limit), and <= 4096 bytes per idle TcpServer client.
# Issue 21's probes run after the head-to-head (2 min 16 s more in one run: a peer JVM joins a
# Hazelcast cluster twice, select and colocated kernels): group-scaling (a 2-kernel KernelGroup / one kernel >= 1.7, with the
# cores each got), remote-post (ClusterNode.post / raw event bus send >= 0.8) and
# remote-call (p50 and p99 <= 1.25 x raw request/reply); --include 'GroupScaling|remote'
# runs only them.
# Extra arguments go to the suite, e.g. --include Kernel --loops select --no-memory
set -eu
cd "$(dirname "$0")/.."
./mvnw -q -pl benchmarks -am package -DskipTests
if [ -z "${DISPLAY:-}" ] && command -v xvfb-run >/dev/null 2>&1; then
  NO_AT_BRIDGE=1 exec xvfb-run -a -s "-screen 0 1280x1024x24" java -jar benchmarks/target/benchmarks.jar quick "$@"
fi
exec java -jar benchmarks/target/benchmarks.jar quick "$@"
