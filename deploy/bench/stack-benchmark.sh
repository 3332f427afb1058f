#!/usr/bin/env bash
# Load benchmark of the whole local stack: for each rate, the load generator offers single POSTs (or batches) for
# a while and prints its JSON line; around each run the CPU time and resident memory of every process of the
# stack are read from /proc, so each rate also reports how many milliseconds of CPU one comment cost each process.
# At the end Kafka's own EndToEndLatency tool runs against the same broker, for the ratio of Sherpa's latency to
# the broker's.
#
#   ./run-local.sh &                                   # wait for "Sherpa is running."
#   deploy/bench/stack-benchmark.sh [RATE ...]         # default: 250 500 1000 2000
#
# Environment: DURATION (default 60s), WARMUP (15s, at 50/s, not reported), BATCH (unset: single POSTs),
# SETTLE (seconds to wait between rates for the stack to drain, default 20), and the variables of run-local.sh
# (SHERPA_DATA_DIR and the ports) when the stack runs elsewhere than the defaults.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
data="${SHERPA_DATA_DIR:-$root/data}"
loadgen="$root/deploy/loadgen/target/loadgen.jar"
lib="$root/deploy/local/target/lib"
ingest="http://localhost:${SHERPA_INGEST_PORT:-8081}"
notification="http://localhost:${SHERPA_NOTIFICATION_PORT:-8083}"
kafka="127.0.0.1:${SHERPA_KAFKA_PORT:-9092}"
duration="${DURATION:-60s}"
rates=("$@")
[[ ${#rates[@]} -eq 0 ]] && rates=(250 500 1000 2000)
[[ -f "$loadgen" ]] || { echo "build the load generator first: mvn -B -DskipTests package" >&2; exit 1; }
[[ -f "$data/secrets.env" ]] || { echo "no $data/secrets.env: is ./run-local.sh running?" >&2; exit 1; }
# shellcheck disable=SC1091
. "$data/secrets.env"
key="${SHERPA_DEMO_API_KEY:-$GENERATED_DEMO_API_KEY}"
processes=(kafka mongodb ingest-service moderation-service notification-service)
tick=$(getconf CLK_TCK)

cpu_ticks() { # name -> utime+stime of its process
  local pid
  pid=$(cat "$data/run/$1.pid")
  awk '{print $14 + $15}' "/proc/$pid/stat"
}
rss_mb() {
  local pid
  pid=$(cat "$data/run/$1.pid")
  awk '/VmRSS/ {printf "%d", $2 / 1024}' "/proc/$pid/status"
}
offer() { # rate duration
  local args=(--url "$ingest" --kafka "$kafka" --notifications "$notification" --api-key "$key" --rate "$1"
    --duration "$2")
  [[ -n "${BATCH:-}" ]] && args+=(--batch "$BATCH")
  java -Xmx512m -jar "$loadgen" "${args[@]}"
}

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), $(java -version 2>&1 | head -1)"
echo "warm-up: 50/s for ${WARMUP:-15s}"
offer 50 "${WARMUP:-15s}" >/dev/null 2>&1 || true
sleep "${SETTLE:-20}"

printf '\n%-8s %s\n' "rate" "load generator (last line) | CPU ms per accepted comment and RSS MB per process"
for rate in "${rates[@]}"; do
  declare -A before=()
  for p in "${processes[@]}"; do before[$p]=$(cpu_ticks "$p"); done
  out="$(offer "$rate" "$duration" 2>&1 | tail -n 1)"
  sleep "${SETTLE:-20}" # let the stack drain what it accepted, so its CPU counts
  accepted=$(sed -E 's/.*"achieved_per_s":([0-9.]+).*/\1/' <<<"$out")
  seconds=${duration%s}
  line=""
  for p in "${processes[@]}"; do
    used=$(( $(cpu_ticks "$p") - before[$p] ))
    line+=$(awk -v u="$used" -v t="$tick" -v a="$accepted" -v s="$seconds" -v n="$p" -v r="$(rss_mb "$p")" \
      'BEGIN { c = a * s; printf " %s %.2f ms %d MB |", n, (c > 0 ? u * 1000 / t / c : 0), r }')
  done
  printf '%-8s %s\n         %s\n' "$rate" "$out" "$line"
done

echo
echo "Kafka's own end-to-end latency on the same broker (acks=all, 512-byte records, 10,000 records):"
java -cp "$lib/*" org.apache.kafka.tools.TopicCommand --bootstrap-server "$kafka" --create --if-not-exists \
  --topic sherpa.bench.latency --partitions 1 --replication-factor 1 >/dev/null 2>&1 || true
java -cp "$lib/*" org.apache.kafka.tools.EndToEndLatency "$kafka" sherpa.bench.latency 10000 all 512 2>&1 \
  | grep -E 'Avg latency|Percentiles' 
