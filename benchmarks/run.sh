#!/usr/bin/env bash
# Builds and runs every benchmark, then writes docs/BENCHMARKS.md.
# Options as system properties, e.g.: ./benchmarks/run.sh -Dbench.seconds=5 -Dbench.rounds=2
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -Pbenchmarks -DskipTests -pl benchmarks -am package
exec java "$@" -cp "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)" \
  io.github.apiguard.benchmarks.BenchmarkReport
