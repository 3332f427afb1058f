#!/usr/bin/env bash
# Runs Sherpa on one machine with only a JDK 17 and Maven: a real Apache Kafka broker (KRaft), the
# embedded MongoDB-wire-compatible store, and the services. Data, logs and PID files live under ./data.
#
#   ./run-local.sh              build what is missing, start everything, wait; Ctrl-C stops everything
#   ./run-local.sh stop         stop everything started from this folder
#   ./run-local.sh start NAME   start one process that was stopped or killed
#                               (kafka, mongodb, ingest-service, moderation-service, notification-service)
#   ./run-local.sh status       show what runs
#
# Environment: SHERPA_KAFKA_BOOTSTRAP / SHERPA_MONGODB_URI use external ones instead of starting them;
# SHERPA_ADMIN_TOKEN and SHERPA_DEMO_API_KEY set the admin token and the demo site's key (else generated
# once and kept in data/secrets.env); SHERPA_DEMO_MODERATOR (name:password), SHERPA_DEMO_MENTOR (id:name).
# SHERPA_JAVA_OPTS replaces the services' JVM options, SHERPA_JVM_FLAGS the JIT and GC flags of all five JVMs;
# SHERPA_LOCAL_STORE_FILE=:memory: keeps the embedded store in memory only (benchmarks: nothing survives a stop). SHERPA_DATA_DIR moves ./data; SHERPA_{KAFKA,KAFKA_CONTROLLER,MONGODB,INGEST,MODERATION,NOTIFICATION}_PORT
# move the ports (defaults 9092, 9093, 27017, 8081, 8082, 8083), e.g. for a second stack in tests.
# SHERPA_BIND_ADDRESS (default 127.0.0.1) is where the services listen: the local stack has a demo moderator
# with a known password and allows webhooks to loopback, so it is reachable from this machine only unless asked.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
DATA="${SHERPA_DATA_DIR:-$ROOT/data}"
RUN="$DATA/run"
LOGS="$DATA/logs"
LIB="$ROOT/deploy/local/target/lib"
SERVICES=(ingest-service moderation-service notification-service)
declare -A PORTS=(
  [kafka]=${SHERPA_KAFKA_PORT:-9092} [kafka-controller]=${SHERPA_KAFKA_CONTROLLER_PORT:-9093}
  [mongodb]=${SHERPA_MONGODB_PORT:-27017} [ingest-service]=${SHERPA_INGEST_PORT:-8081}
  [moderation-service]=${SHERPA_MODERATION_PORT:-8082} [notification-service]=${SHERPA_NOTIFICATION_PORT:-8083})

# JVM options of the three services; SHERPA_JAVA_OPTS replaces them (see docs/benchmarks.md for the measurements)
SERVICE_JAVA_OPTS="-Xmx512m"
# JIT and GC flags of all five JVMs (broker, store, services); SHERPA_JVM_FLAGS replaces them
# measured on two cores with all five on one machine (docs/benchmarks.md): C1 only and the serial collector cut
# the CPU per comment by about a third and the p99s by a factor of 3-5 at 50-100 comments/s
JVM_FLAGS="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"

die() { echo "run-local: $*" >&2; exit 1; }
say() { echo "run-local: $*"; }

check_java() {
  command -v java >/dev/null || die "java not found: install a JDK 17 or newer"
  local version
  version=$(java -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
  [ "${version%%.*}" -ge 17 ] 2>/dev/null || die "Java $version is too old: Sherpa needs Java 17 or newer"
}

pid_of() { local f="$RUN/$1.pid"; [ -f "$f" ] && cat "$f" || true; }
alive() { local pid; pid=$(pid_of "$1"); [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; }

port_free() {
  ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

require_port() {
  port_free "$2" || die "port $2 (needed by $1) is taken by another process; stop it or free the port"
}

wait_port() {
  local name=$1 port=$2 seconds=${3:-60}
  for _ in $(seq 1 $((seconds * 5))); do
    port_free "$port" || return 0
    alive "$name" || die "$name exited during start-up; see $LOGS/$name.log"
    sleep 0.2
  done
  die "$name did not open port $port within ${seconds}s; see $LOGS/$name.log"
}

wait_ready() { # name port seconds: until /actuator/health/readiness answers 200
  local name=$1 port=$2 seconds=${3:-60}
  command -v curl >/dev/null || return 0
  for _ in $(seq 1 $((seconds * 2))); do
    curl -fs -o /dev/null "http://127.0.0.1:$port/actuator/health/readiness" && return 0
    alive "$name" || die "$name exited during start-up; see $LOGS/$name.log"
    sleep 0.5
  done
  say "warning: $name is not ready after ${seconds}s; see $LOGS/$name.log"
}

build() {
  local missing=0
  [ -d "$LIB" ] || missing=1
  for s in "${SERVICES[@]}"; do [ -f "$ROOT/$s/target/$s.jar" ] || missing=1; done
  if [ $missing = 1 ]; then
    command -v mvn >/dev/null || die "mvn not found: install Maven 3.8 or newer to build Sherpa"
    say "building (first run only; mvn -B -DskipTests package)…"
    (cd "$ROOT" && mvn -B -q -DskipTests -Dspotless.check.skip=true package) || die "build failed"
  fi
}

secrets() {
  mkdir -p "$DATA"
  local file="$DATA/secrets.env"
  [ -f "$file" ] || {
    umask 077
    {
      echo "GENERATED_ADMIN_TOKEN=adm_$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')"
      echo "GENERATED_DEMO_API_KEY=sk_demo_$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')"
    } >"$file"
  }
  # shellcheck disable=SC1090
  . "$file"
  export SHERPA_ADMIN_TOKEN="${SHERPA_ADMIN_TOKEN:-$GENERATED_ADMIN_TOKEN}"
  export SHERPA_DEMO_API_KEY="${SHERPA_DEMO_API_KEY:-$GENERATED_DEMO_API_KEY}"
  export SHERPA_DEMO_MODERATOR="${SHERPA_DEMO_MODERATOR:-moderator:moderator}"
  export SHERPA_DEMO_MENTOR="${SHERPA_DEMO_MENTOR:-sherpa-sam:Sam the Sherpa}"
  export SHERPA_ALLOW_PRIVATE_WEBHOOKS="${SHERPA_ALLOW_PRIVATE_WEBHOOKS:-true}" # local only: webhooks to loopback
}

launch() { # name, command...
  local name=$1; shift
  mkdir -p "$RUN" "$LOGS"
  nohup "$@" >>"$LOGS/$name.log" 2>&1 &
  echo $! >"$RUN/$name.pid"
}

start_kafka() {
  [ -n "${SHERPA_KAFKA_BOOTSTRAP:-}" ] && { say "using Kafka at $SHERPA_KAFKA_BOOTSTRAP"; return; }
  alive kafka && { say "kafka already running"; return; }
  require_port kafka "${PORTS[kafka]}"; require_port kafka "${PORTS[kafka-controller]}"
  mkdir -p "$DATA/kafka" "$LOGS" "$RUN"
  local props="$DATA/kafka.properties"
  cat >"$props" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=127.0.0.1:${PORTS[kafka-controller]}
listeners=PLAINTEXT://127.0.0.1:${PORTS[kafka]},CONTROLLER://127.0.0.1:${PORTS[kafka-controller]}
advertised.listeners=PLAINTEXT://127.0.0.1:${PORTS[kafka]}
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$DATA/kafka
num.partitions=12
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
PROPS
  if [ ! -f "$DATA/kafka/meta.properties" ]; then
    local cluster
    cluster=$(java -cp "$LIB/*" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -1)
    java -cp "$LIB/*" kafka.tools.StorageTool format --standalone -t "$cluster" -c "$props" >>"$LOGS/kafka.log" 2>&1 \
      || die "could not format Kafka storage; see $LOGS/kafka.log"
  fi
  # shellcheck disable=SC2086
  launch kafka java -Xms256m -Xmx512m ${SHERPA_JVM_FLAGS:-$JVM_FLAGS} -cp "$LIB/*" kafka.Kafka "$props"
  wait_port kafka "${PORTS[kafka]}" 60
  say "kafka up on 127.0.0.1:${PORTS[kafka]}"
}

start_mongodb() {
  [ -n "${SHERPA_MONGODB_URI:-}" ] && { say "using MongoDB at $SHERPA_MONGODB_URI"; return; }
  alive mongodb && { say "mongodb already running"; return; }
  require_port mongodb "${PORTS[mongodb]}"
  # shellcheck disable=SC2086
  launch mongodb java -Xmx512m ${SHERPA_JVM_FLAGS:-$JVM_FLAGS} -cp "$LIB/*:$ROOT/deploy/local/target/classes" io.sherpa.local.LocalMongo \
    "${SHERPA_LOCAL_STORE_FILE:-$DATA/mongodb/sherpa.mv}" 127.0.0.1 "${PORTS[mongodb]}"
  wait_port mongodb "${PORTS[mongodb]}" 30
  say "mongodb (embedded, wire-compatible) up on 127.0.0.1:${PORTS[mongodb]}"
}

start_service() {
  local name=$1
  alive "$name" && { say "$name already running"; return; }
  require_port "$name" "${PORTS[$name]}"
  local extra=()
  [ "$name" = notification-service ] && extra=(--sherpa.notification.public-url="http://localhost:${PORTS[$name]}")
  # shellcheck disable=SC2086
  launch "$name" java ${SHERPA_JAVA_OPTS:-$SERVICE_JAVA_OPTS} ${SHERPA_JVM_FLAGS:-$JVM_FLAGS} -jar "$ROOT/$name/target/$name.jar" --server.port="${PORTS[$name]}" "${extra[@]}" \
    --server.address="${SHERPA_BIND_ADDRESS:-127.0.0.1}" \
    --spring.kafka.bootstrap-servers="${SHERPA_KAFKA_BOOTSTRAP:-127.0.0.1:${PORTS[kafka]}}" \
    --spring.mongodb.uri="${SHERPA_MONGODB_URI:-mongodb://127.0.0.1:${PORTS[mongodb]}/?serverSelectionTimeoutMS=3000}"
  wait_port "$name" "${PORTS[$name]}" 120
  wait_ready "$name" "${PORTS[$name]}" 60
  say "$name up on http://localhost:${PORTS[$name]}"
}

start_one() {
  case "$1" in
    kafka) start_kafka ;;
    mongodb) start_mongodb ;;
    ingest-service|moderation-service|notification-service) start_service "$1" ;;
    *) die "unknown process '$1' (kafka, mongodb, ${SERVICES[*]})" ;;
  esac
}

stop_one() {
  local name=$1 pid
  pid=$(pid_of "$name")
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true
    say "stopped $name"
  fi
  rm -f "$RUN/$name.pid"
}

stop_all() {
  for ((i = ${#SERVICES[@]} - 1; i >= 0; i--)); do stop_one "${SERVICES[$i]}"; done
  stop_one mongodb
  stop_one kafka
}

check_ports() { # every port of a process that is not running yet must be free, before anything starts
  local names=("${SERVICES[@]}")
  [ -n "${SHERPA_MONGODB_URI:-}" ] || names=(mongodb "${names[@]}")
  [ -n "${SHERPA_KAFKA_BOOTSTRAP:-}" ] || names=(kafka "${names[@]}")
  for name in "${names[@]}"; do
    alive "$name" && continue
    require_port "$name" "${PORTS[$name]}"
    [ "$name" = kafka ] && require_port kafka "${PORTS[kafka-controller]}"
  done
  return 0
}

any_alive() {
  for name in kafka mongodb "${SERVICES[@]}"; do alive "$name" && return 0; done
  return 1
}

status() {
  for name in kafka mongodb "${SERVICES[@]}"; do
    if alive "$name"; then echo "$name: running (pid $(pid_of "$name"))"; else echo "$name: stopped"; fi
  done
}

urls() {
  cat <<URLS

Sherpa is running.
  dashboard         http://localhost:${PORTS[moderation-service]}/  (moderator sign-in: ${SHERPA_DEMO_MODERATOR%%:*})
  ingest API        http://localhost:${PORTS[ingest-service]}/api/v1/comments
  ingest OpenAPI    http://localhost:${PORTS[ingest-service]}/swagger-ui.html  (JSON: /v3/api-docs)
  ingest metrics    http://localhost:${PORTS[ingest-service]}/actuator/prometheus
  ingest health     http://localhost:${PORTS[ingest-service]}/actuator/health
  moderation API    http://localhost:${PORTS[moderation-service]}/api/v1/queue  (policy: /api/v1/policy)
  moderation docs   http://localhost:${PORTS[moderation-service]}/swagger-ui.html  (JSON: /v3/api-docs)
  moderation metrics http://localhost:${PORTS[moderation-service]}/actuator/prometheus
  inboxes           http://localhost:${PORTS[notification-service]}/api/v1/users/<userId>/notifications
  notification docs http://localhost:${PORTS[notification-service]}/swagger-ui.html  (JSON: /v3/api-docs)
  notification metrics http://localhost:${PORTS[notification-service]}/actuator/prometheus
  Kafka             ${SHERPA_KAFKA_BOOTSTRAP:-127.0.0.1:${PORTS[kafka]}}
  MongoDB           ${SHERPA_MONGODB_URI:-mongodb://127.0.0.1:${PORTS[mongodb]}}
  admin token       $SHERPA_ADMIN_TOKEN
  demo site key     $SHERPA_DEMO_API_KEY   (site "demo")
  demo moderator    $SHERPA_DEMO_MODERATOR
  demo mentor       ${SHERPA_DEMO_MENTOR%%:*}
Logs in $LOGS, PIDs in $RUN. Try:
  curl -i -H "Authorization: Bearer $SHERPA_DEMO_API_KEY" -H 'Content-Type: application/json' \\
    -d '{"externalId":"hello-1","postId":"p1","author":{"id":"a1","name":"Ann"},"text":"Hello Sherpa"}' \\
    http://localhost:${PORTS[ingest-service]}/api/v1/comments
Ctrl-C (or ./run-local.sh stop) stops everything.
URLS
}

main() {
  case "${1:-up}" in
    stop) stop_all ;;
    status) status ;;
    start)
      [ $# -ge 2 ] || die "usage: ./run-local.sh start <kafka|mongodb|${SERVICES[*]// /|}>"
      check_java; build; secrets; start_one "$2" ;;
    up)
      check_java; check_ports; build; secrets
      trap 'echo; stop_all; exit 0' INT TERM
      # a process that fails to start ends the script: stop what was started, rather than leave it running
      trap 'rc=$?; if [ $rc -ne 0 ]; then say "start-up failed; stopping what was started"; stop_all; fi' EXIT
      start_kafka
      start_mongodb
      for s in "${SERVICES[@]}"; do start_service "$s"; done
      trap - EXIT
      urls
      # until Ctrl-C, or until `./run-local.sh stop` (from another shell) has stopped everything
      while any_alive; do sleep 2 & wait $!; done
      say "everything stopped"
      ;;
    -h|--help|help) sed -n '2,18p' "$0" ;;
    *) die "unknown command '$1' (try --help)" ;;
  esac
}

main "$@"
