#!/bin/bash
# `make bench`: Coffer (the built jar, fresh data dir, free port) and s3proxy 2.6.0 (filesystem backend, fresh
# directory, free port) measured one after the other by coffer.bench.LoadTool, printed side by side.
# Env: LOAD_ARGS (LoadTool options, e.g. "--large-mib 256 --list-keys 20000"); BENCH_PEER=none skips s3proxy;
#      COFFER_JAVA_OPTS (extra JVM options for the gateway, e.g. a profiler agent);
#      S3PROXY_JAR (default: the Maven Central jar in ~/.m2, fetched with `mvn dependency:get` when missing);
#      BENCH_DIR (default: target/bench, wiped first). Both servers are stopped by PID at exit.
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=gateway/target/coffer.jar
CP_FILE=test-suite/target/bench.classpath
BENCH_DIR="${BENCH_DIR:-$PWD/target/bench}"
AK=BENCHACCESSKEY000001
SK=bench-secret-key-0123456789abcdefghijklmn
S3PROXY_VERSION=2.6.0
S3PROXY_JAR="${S3PROXY_JAR:-$HOME/.m2/repository/org/gaul/s3proxy/$S3PROXY_VERSION/s3proxy-$S3PROXY_VERSION-jar-with-dependencies.jar}"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
wait_http() { # port pid log
  for _ in $(seq 1 1200); do
    curl -s -o /dev/null "http://127.0.0.1:$1/" && return 0
    kill -0 "$2" 2>/dev/null || { echo "server died:"; tail -50 "$3"; return 1; }
    sleep 0.1
  done
  echo "server on port $1 not up after 120 s"; return 1
}
PIDS=()
stop_all() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; for p in "${PIDS[@]}"; do
  for _ in $(seq 1 300); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done; done; }
trap stop_all EXIT

rm -rf "$BENCH_DIR"; mkdir -p "$BENCH_DIR"
TARGETS=()

COFFER_PORT=$(free_port)
COFFER_ACCESS_KEY=$AK COFFER_SECRET_KEY=$SK java ${COFFER_JAVA_OPTS:-} -jar "$JAR" serve --port "$COFFER_PORT" --console-enabled false \
  --data-dir "$BENCH_DIR/coffer" > "$BENCH_DIR/coffer.log" 2>&1 &
PIDS+=($!)
wait_http "$COFFER_PORT" "$!" "$BENCH_DIR/coffer.log"
TARGETS+=(--target "coffer=http://127.0.0.1:$COFFER_PORT,$AK,$SK")

if [ "${BENCH_PEER:-s3proxy}" != none ]; then
  if [ ! -f "$S3PROXY_JAR" ]; then
    mvn -B -ntp -q dependency:get -Dartifact=org.gaul:s3proxy:$S3PROXY_VERSION:jar:jar-with-dependencies \
      -Dtransitive=false
  fi
  S3PROXY_PORT=$(free_port)
  mkdir -p "$BENCH_DIR/s3proxy/blobs"
  cat > "$BENCH_DIR/s3proxy/s3proxy.conf" <<CONF
s3proxy.endpoint=http://127.0.0.1:$S3PROXY_PORT
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=$AK
s3proxy.credential=$SK
jclouds.provider=filesystem
jclouds.identity=remote-identity
jclouds.credential=remote-credential
jclouds.filesystem.basedir=$BENCH_DIR/s3proxy/blobs
CONF
  java -Xmx1g -DLOG_LEVEL=warn -jar "$S3PROXY_JAR" --properties "$BENCH_DIR/s3proxy/s3proxy.conf" \
    > "$BENCH_DIR/s3proxy.log" 2>&1 &
  PIDS+=($!)
  wait_http "$S3PROXY_PORT" "$!" "$BENCH_DIR/s3proxy.log"
  TARGETS+=(--target "s3proxy=http://127.0.0.1:$S3PROXY_PORT,$AK,$SK")
fi

# shellcheck disable=SC2086 # LOAD_ARGS is a list of options
java -cp "test-suite/target/test-classes:$(cat "$CP_FILE")" coffer.bench.LoadTool "${TARGETS[@]}" ${LOAD_ARGS:-} \
  | tee "$BENCH_DIR/results.md"
