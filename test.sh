#!/usr/bin/env bash
# Runs the whole test suite on a fresh Debian machine that has only the .NET SDK:
# installs what the tests need (Debian packages), starts private PostgreSQL and Redis servers on
# loopback, builds once, runs every test project, stops the servers, and ends with one line
# "N passed, N failed[, N skipped]". Exits non-zero when anything failed.
set -uo pipefail
cd "$(dirname "$0")"
ROOT=$(pwd)
WORK="$ROOT/.test-services"
CONFIGURATION=${CONFIGURATION:-Release}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

log() { printf '==> %s\n' "$*" >&2; }

# ---- Debian packages -------------------------------------------------------------------------
# redis-server, postgresql: integration tests; python3-matrix-nio (+ python3-olm): end-to-end tests with a
# real Matrix client library; libolm3: the bots' end-to-end encryption; libvips42: media thumbnails.
missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
/usr/bin/python3 -c "import nio" >/dev/null 2>&1 || missing+=(python3-matrix-nio)
/usr/bin/python3 -c "import olm" >/dev/null 2>&1 || missing+=(python3-olm)
ldconfig -p 2>/dev/null | grep -q "libolm.so.3" || missing+=(libolm3)
ldconfig -p 2>/dev/null | grep -q "libvips.so.42" || missing+=(libvips42)
if [ ${#missing[@]} -gt 0 ]; then
  log "installing ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null || { echo "apt-get install ${missing[*]} failed"; echo "0 passed, 1 failed"; exit 1; }
fi

# ---- private PostgreSQL and Redis -------------------------------------------------------------
free_port() { # first free TCP port at or above $1 (below the ephemeral range)
  local p=$1
  while ss -ltnH "sport = :$p" 2>/dev/null | grep -q .; do p=$((p + 1)); done
  echo "$p"
}

rm -rf "$WORK"; mkdir -p "$WORK"
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)
PG_PORT=$(free_port 25432)
REDIS_PORT=$(free_port 26379)
PG_DIR="$WORK/pg"
mkdir -p "$PG_DIR"

RUN_AS=()
if [ "$(id -u)" -eq 0 ]; then
  chown -R postgres "$PG_DIR"
  RUN_AS=(runuser -u postgres --)
fi

cleanup() {
  "${RUN_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
  [ -f "$WORK/redis.pid" ] && kill "$(cat "$WORK/redis.pid")" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

log "starting PostgreSQL on 127.0.0.1:$PG_PORT"
"${RUN_AS[@]}" "$PG_BIN/initdb" -D "$PG_DIR/data" -A trust -U postgres >"$WORK/initdb.log" 2>&1 \
  || { cat "$WORK/initdb.log"; echo "0 passed, 1 failed"; exit 1; }
"${RUN_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -w -t 60 \
  -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300" \
  -l "$PG_DIR/log" start >/dev/null \
  || { cat "$PG_DIR/log"; echo "0 passed, 1 failed"; exit 1; }

log "starting Redis on 127.0.0.1:$REDIS_PORT"
redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save '' --appendonly no --daemonize yes \
  --pidfile "$WORK/redis.pid" --dir "$WORK" --logfile "$WORK/redis.log" \
  || { echo "0 passed, 1 failed"; exit 1; }

export CLAWCHAT_TEST_POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=postgres"
export CLAWCHAT_TEST_REDIS="127.0.0.1:$REDIS_PORT"

# ---- build once, then every test project ------------------------------------------------------
log "building ($CONFIGURATION)"
if ! dotnet build ClawChat.Orleans.sln -c "$CONFIGURATION" -nologo -clp:ErrorsOnly >"$WORK/build.log" 2>&1; then
  grep -E "error|Error" "$WORK/build.log" | head -50
  echo "0 passed, 1 failed"
  exit 1
fi

passed=0; failed=0; skipped=0; status=0
for project in tests/*/*.Tests.csproj; do
  name=$(basename "$project" .csproj)
  log "testing $name"
  out="$WORK/$name.log"
  dotnet test "$project" -c "$CONFIGURATION" --no-build -nologo >"$out" 2>&1
  code=$?
  summary=$(grep -E "(Passed|Failed)! +- +Failed: +[0-9]+, +Passed: +[0-9]+, +Skipped: +[0-9]+" "$out" | tail -n1)
  if [ -z "$summary" ] && [ "$code" -eq 0 ] && grep -q "No test is available" "$out"; then
    echo "$name: no tests" >&2
    continue
  fi
  if [ -z "$summary" ]; then
    tail -n 40 "$out"
    failed=$((failed + 1)); status=1
    continue
  fi
  f=$(sed -E 's/.*Failed: +([0-9]+).*/\1/' <<<"$summary")
  p=$(sed -E 's/.*Passed: +([0-9]+).*/\1/' <<<"$summary")
  s=$(sed -E 's/.*Skipped: +([0-9]+).*/\1/' <<<"$summary")
  passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
  if [ "$code" -ne 0 ] || [ "$f" -ne 0 ]; then
    grep -E "^\s+Failed |Error Message:|^\s{2,}[A-Za-z].*Exception" "$out" | head -n 60
    status=1
  fi
  echo "$name: $p passed, $f failed, $s skipped" >&2
done

if [ "$skipped" -gt 0 ]; then
  echo "$passed passed, $failed failed, $skipped skipped"
else
  echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ] && [ "$status" -eq 0 ]
