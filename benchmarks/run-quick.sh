#!/usr/bin/env sh
# Builds the benchmarks and runs the quick suite: every workload on every loop found, with
# the plain limit, Netty, Vert.x and ScheduledThreadPoolExecutor in the same run.
# Prints the table and writes benchmarks/target/bench-quick.json. A few minutes on 2 cores.
# Extra arguments go to the suite, e.g. --include Kernel --loops select --no-memory
set -eu
cd "$(dirname "$0")/.."
./mvnw -q -pl benchmarks -am package -DskipTests
exec java -jar benchmarks/target/benchmarks.jar quick "$@"
