#!/bin/bash
# `make bench-versioning`: the cost of versioning (coffer.bench.VersioningCostAB): one gateway (the built jar, fresh
# data dir, free ports), 4 KiB PUT (overwrites) and GET on a versioned bucket against an unversioned one,
# interleaved request by request. Env: VERSIONING_ARGS (VersioningCostAB options, e.g. "--count 5000");
# BENCH_DIR (default: target/bench-versioning, wiped first). The gateway is stopped by PID at exit.
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=gateway/target/coffer.jar
CP_FILE=test-suite/target/bench.classpath
BENCH_DIR="${BENCH_DIR:-$PWD/target/bench-versioning}"
AK=BENCHACCESSKEY000001
SK=bench-secret-key-0123456789abcdefghijklmn

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
rm -rf "$BENCH_DIR"; mkdir -p "$BENCH_DIR"
PORT=$(free_port)
ADMIN_PORT=$(free_port)
COFFER_ACCESS_KEY=$AK COFFER_SECRET_KEY=$SK java -jar "$JAR" serve --port "$PORT" --admin-port "$ADMIN_PORT" \
  --console-enabled false --data-dir "$BENCH_DIR/coffer" > "$BENCH_DIR/coffer.log" 2>&1 &
GW=$!
trap 'kill $GW 2>/dev/null; wait $GW 2>/dev/null || true' EXIT
for _ in $(seq 1 1200); do
  curl -s -o /dev/null "http://127.0.0.1:$PORT/" && break
  kill -0 "$GW" 2>/dev/null || { echo "gateway died:"; tail -50 "$BENCH_DIR/coffer.log"; exit 1; }
  sleep 0.1
done
java -cp "test-suite/target/test-classes:$(cat "$CP_FILE")" coffer.bench.VersioningCostAB \
  --target "coffer=http://127.0.0.1:$PORT,$AK,$SK" ${VERSIONING_ARGS:-}
