#!/usr/bin/env bash
# Runs ceph/s3-tests against a fresh Coffer: builds the jar, starts a gateway on a new data directory with a main
# account, creates the "alt" and "tenant" accounts through the admin CLI, runs the shared runner, stops the gateway.
# Needs: the Debian packages listed in README.md here, a checkout of ceph/s3-tests in $S3TESTS_DIR, and the shared
# runner in $S3TESTS_RUNNER (default /work/shared/compat/s3tests.sh). Output goes to $S3TESTS_OUT (default
# /tmp/s3t-out). Extra arguments go to the runner.
set -euo pipefail
cd "$(dirname "$0")/../.."
: "${S3TESTS_DIR:?set S3TESTS_DIR to a checkout of ceph/s3-tests}"
RUNNER="${S3TESTS_RUNNER:-/work/shared/compat/s3tests.sh}"
OUT="${S3TESTS_OUT:-/tmp/s3t-out}"
PORT="${S3TESTS_PORT:-9100}"
ADMIN_PORT=$((PORT + 1))
DATA=$(mktemp -d -t coffer-s3t.XXXXXX)
JAR=gateway/target/coffer.jar

[ -f "$JAR" ] || mvn -q -B -DskipTests -pl gateway -am package
export COFFER_ACCESS_KEY=s3tmainAK0000000001 COFFER_SECRET_KEY=s3tmainSecret00000000000000000000000001
# s3-tests' lifecycle tests count days of lc_debug_interval (10 s unless its config says otherwise): a lifecycle day
# of 10 s, so the lifecycle worker runs every second (docs/lifecycle.md).
# Server access logs go out after 5 s without a new record for their log object: the logging tests wait 5.5 s
# (expected_object_roll_time) for one log object holding all their records (docs/access-logging.md).
java -jar "$JAR" serve --port "$PORT" --admin-port "$ADMIN_PORT" --console-enabled false --data-dir "$DATA" \
  --lifecycle-day-seconds 10 --server-access-log-flush 60s --server-access-log-quiet 5s > "$DATA/gateway.out" 2>&1 &
GW=$!
# The data directory (about 2 GB after a full run) goes with the gateway unless S3TESTS_KEEP_DATA=1 asks to keep it.
trap 'kill $GW 2>/dev/null; wait $GW 2>/dev/null || true; [ "${S3TESTS_KEEP_DATA:-0}" = 1 ] || rm -rf "$DATA"' EXIT
for _ in $(seq 600); do grep -q "serving S3" "$DATA/gateway.out" 2>/dev/null && break; sleep 1; done

account() { # name [email] -> "ACCESS SECRET"
  java -jar "$JAR" admin --url "http://127.0.0.1:$ADMIN_PORT" --token-file "$DATA/admin.token" account create "$1" ${2:+--email "$2"} --json \
    | python3 -c 'import json,sys; d=json.load(sys.stdin); k=d.get("key", d); print(k["accessKeyId"], k["secretKey"])'
}
read -r ALT_AK ALT_SK < <(account s3t-alt alt@example.com) # the e-mail s3tests.sh writes for "alt"
read -r TEN_AK TEN_SK < <(account s3t-tenant)

S3_ENDPOINT="http://127.0.0.1:$PORT" S3_ACCESS_KEY="$COFFER_ACCESS_KEY" S3_SECRET_KEY="$COFFER_SECRET_KEY" \
S3_ALT_ACCESS_KEY="$ALT_AK" S3_ALT_SECRET_KEY="$ALT_SK" S3_TENANT_ACCESS_KEY="$TEN_AK" S3_TENANT_SECRET_KEY="$TEN_SK" \
S3TESTS_DIR="$S3TESTS_DIR" S3TESTS_OUT="$OUT" PYTHONPATH="$PWD/test-suite/compat${S3TESTS_PYTHONPATH:+:$S3TESTS_PYTHONPATH}" \
S3TESTS_EXPECTED_FAILURES="${S3TESTS_EXPECTED_FAILURES:-$PWD/test-suite/compat/s3tests-expected-failures.txt}" \
  "$RUNNER" -p s3tests_coffer_plugin "$@"
