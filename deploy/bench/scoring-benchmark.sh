#!/usr/bin/env bash
# Scoring throughput (JMH, one thread, all signals and models) next to bogofilter on the same texts.
# Usage: deploy/bench/scoring-benchmark.sh [DATASET_DIR]   (default: ../shared/datasets/youtube_spam)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
data="${1:-$root/../shared/datasets/youtube_spam}"
cd "$root"
mvn -B -q -pl moderation-service -am test-compile -Dspotless.check.skip=true
mvn -B -q -pl moderation-service dependency:build-classpath -Dmdep.scope=test \
  -Dmdep.outputFile=target/bench.classpath >/dev/null
cp="moderation-service/target/test-classes:moderation-service/target/classes:common/target/classes:$(cat moderation-service/target/bench.classpath)"
exec java -cp "$cp" io.sherpa.moderation.bench.ScoringBenchmark "$data"
