#!/usr/bin/env bash
# The whole local stack on loopback: a throwaway PostgreSQL cluster of its own, migrations, one
# inference host, a Redis for the rate limits, the gateway, a demo tenant and key; then one track generated over REST.
#   ops/dev-stack.sh up       start (or reuse) everything, generate and download a track
#   ops/dev-stack.sh down     stop everything this script started
#   ops/dev-stack.sh status   what is running
# Running `up` twice reuses what is already running. State lives in .local/stack (git-ignored).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
state="$root/.local/stack"
pg_port=${MUREKA_PG_PORT:-54329}
redis_port=${MUREKA_REDIS_PORT:-63799}
host_url=http://127.0.0.1:${MUREKA_HOST_PORT:-7001}
rest_url=http://127.0.0.1:${MUREKA_REST_PORT:-8080}
grpc_addr=127.0.0.1:${MUREKA_GRPC_PORT:-8081}
management_url=http://127.0.0.1:${MUREKA_MANAGEMENT_PORT:-9464}
db_url="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=mureka"
bin=Release/net10.0

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }
as_pg() { if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
alive() { [[ -f "$state/$1.pid" ]] && kill -0 "$(cat "$state/$1.pid")" 2>/dev/null; }

wait_until() { # wait_until SECONDS DESCRIPTION COMMAND...
  local deadline=$((SECONDS + $1)) what=$2; shift 2
  until "$@" >/dev/null 2>&1; do
    if ((SECONDS >= deadline)); then echo "error: timed out waiting for $what" >&2; return 1; fi
    sleep 0.2
  done
}

start_postgres() {
  local pgbin; pgbin=$(pg_bin)
  if "$pgbin/pg_isready" -h 127.0.0.1 -p "$pg_port" -q; then log "PostgreSQL already running on $pg_port"; return; fi
  mkdir -p "$state/pg"
  [[ $(id -u) -eq 0 ]] && chown postgres:postgres "$state/pg"
  if [[ ! -f "$state/pg/data/PG_VERSION" ]]; then
    log "initdb $state/pg/data"
    as_pg "$pgbin/initdb" -D "$state/pg/data" -U postgres --auth=trust -E UTF8 --locale=C >/dev/null
  fi
  log "starting PostgreSQL on 127.0.0.1:$pg_port"
  as_pg "$pgbin/pg_ctl" -D "$state/pg/data" -l "$state/pg/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $pg_port -k $state/pg" start >/dev/null
  as_pg "$pgbin/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -tAc "select 1 from pg_database where datname='mureka'" | grep -q 1 ||
    as_pg "$pgbin/createdb" -h 127.0.0.1 -p "$pg_port" -U postgres mureka
}

start_redis() {
  if alive redis; then log "Redis already running on $redis_port"; return; fi
  log "starting Redis on 127.0.0.1:$redis_port"
  redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no --daemonize yes \
    --pidfile "$state/redis.pid" --logfile "$state/redis.log"
  wait_until 20 "Redis" redis-cli -p "$redis_port" ping
}

start_service() { # start_service NAME DLL ARGS...
  local name=$1 dll=$2; shift 2
  if alive "$name"; then log "$name already running (pid $(cat "$state/$name.pid"))"; return; fi
  log "starting $name"
  nohup dotnet "$dll" "$@" >"$state/$name.log" 2>&1 </dev/null &
  echo $! >"$state/$name.pid"
}

up() {
  ops/install-deps.sh
  export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
  mkdir -p "$state" out
  log "building"
  for p in src/Mureka.Cli src/Mureka.Inference.Host src/Mureka.Gateway; do
    dotnet build "$p" -c Release -nologo -v quiet -clp:NoSummary
  done
  local mureka="dotnet src/Mureka.Cli/bin/$bin/mureka.dll"

  start_postgres
  log "migrating"
  $mureka admin db migrate --connection "$db_url"

  start_redis
  # Only gateways may call the host: one secret, kept in the state folder and passed through the environment (not argv).
  [[ -s "$state/host.secret" ]] || (umask 077; openssl rand -hex 24 >"$state/host.secret")
  local host_secret; host_secret=$(cat "$state/host.secret")
  Host__CallerSecrets__0="$host_secret" start_service host "src/Mureka.Inference.Host/bin/$bin/mureka-host.dll" --urls "$host_url"
  # The audio stays in the state folder; a throwaway stack may live in a clone under /tmp, which is allowed here only.
  Gateway__HostSecret="$host_secret" start_service gateway "src/Mureka.Gateway/bin/$bin/mureka-gateway.dll" \
    --Gateway:RestUrl="$rest_url" --Gateway:GrpcUrl="http://$grpc_addr" --Gateway:ConnectionString="$db_url" \
    --Gateway:Hosts:0="$host_url" --Gateway:AudioRoot="$state/audio" --Gateway:AudioRootMayBeTemporary=true \
    --Gateway:RateLimit:Redis="127.0.0.1:$redis_port" \
    --Gateway:Webhooks:AllowInsecureLoopback=true --Gateway:ManagementUrl="$management_url"
  wait_until 60 "the gateway" curl -sf -o /dev/null "$rest_url/readyz"

  local key
  if [[ -s "$state/demo.key" ]] && [[ $(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $(cat "$state/demo.key")" "$rest_url/v1/models") == 200 ]]; then
    key=$(cat "$state/demo.key"); log "reusing the demo key"
  else
    log "creating the demo tenant and key"
    local tenant; tenant=$($mureka admin tenants create --name "Demo" --plan pro --connection "$db_url" | tail -1)
    key=$($mureka admin keys create --tenant "$tenant" --name demo --connection "$db_url" | tail -1)
    (umask 077; printf '%s' "$key" >"$state/demo.key")
  fi

  # The host serves only after its warm-up render; until then the gateway is ready but answers 503 to new jobs.
  # The answer's own status, not one of its checks' (those read "Healthy" while the host pool is still Degraded).
  host_usable() { curl -s "$rest_url/readyz" | grep -q '^{"status":"Healthy"'; }
  wait_until 180 "the inference host to be usable" host_usable

  log "generating a track over REST"
  local created id status
  created=$(curl -sS -X POST "$rest_url/v1/generations" -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
    -H 'Prefer: wait=60' -d '{"prompt":"calm lo-fi hip hop with electric piano","duration_ms":15000,"seed":42}')
  id=$(printf '%s' "$created" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
  check_done() { status=$(curl -sS "$rest_url/v1/generations/$id" -H "Authorization: Bearer $key" | python3 -c 'import json,sys; print(json.load(sys.stdin)["status"])'); [[ $status == succeeded || $status == failed || $status == canceled ]]; }
  wait_until 180 "generation $id" check_done
  if [[ $status != succeeded ]]; then echo "error: generation $id ended $status" >&2; exit 1; fi
  curl -sS -o out/stack-demo.wav "$rest_url/v1/generations/$id/audio" -H "Authorization: Bearer $key"
  log "downloaded out/stack-demo.wav ($(stat -c %s out/stack-demo.wav) bytes) from generation $id"

  cat <<EOT

The stack is up (logs in $state). Try:

  Developer console: $rest_url/console/   (sign in with the key in $state/demo.key)
  API reference:     $rest_url/docs

  export MUREKA_API_KEY=\$(cat $state/demo.key)
  curl -s $rest_url/v1/models -H "Authorization: Bearer \$MUREKA_API_KEY"
  curl -s -X POST $rest_url/v1/generations -H "Authorization: Bearer \$MUREKA_API_KEY" \\
       -H 'Content-Type: application/json' -d '{"genre":"house","bpm":124,"duration_ms":20000,"format":"mp3"}'
  curl -s $rest_url/v1/generations/$id -H "Authorization: Bearer \$MUREKA_API_KEY"
  curl -s -o track.wav $rest_url/v1/generations/$id/audio -H "Authorization: Bearer \$MUREKA_API_KEY"

  curl -s $rest_url/readyz                    # readiness: database, audio store, host pool
  curl -s $management_url/metrics | head      # Prometheus metrics (management port only)

  grpcurl -plaintext -H "authorization: Bearer \$MUREKA_API_KEY" $grpc_addr list
  grpcurl -plaintext -H "authorization: Bearer \$MUREKA_API_KEY" -d '{"spec":{"genre":"jazz","duration_ms":10000}}' \\
       $grpc_addr mureka.api.v1.Generations/CreateGeneration
  grpcurl -plaintext -H "authorization: Bearer \$MUREKA_API_KEY" -d '{"id":"$id"}' $grpc_addr mureka.api.v1.Generations/GetGeneration

Stop everything with: ops/dev-stack.sh down
EOT
}

down() {
  for name in gateway host redis; do
    if alive "$name"; then
      log "stopping $name"; kill "$(cat "$state/$name.pid")"
      wait_until 30 "$name to stop" bash -c "! kill -0 $(cat "$state/$name.pid") 2>/dev/null"
    fi
    rm -f "$state/$name.pid"
  done
  local pgbin; pgbin=$(pg_bin)
  if [[ -f "$state/pg/data/postmaster.pid" ]]; then
    log "stopping PostgreSQL"; as_pg "$pgbin/pg_ctl" -D "$state/pg/data" -m fast -w stop >/dev/null || true
  fi
  if "$pgbin/pg_isready" -h 127.0.0.1 -p "$pg_port" -q; then echo "error: PostgreSQL still answers on $pg_port" >&2; exit 1; fi
  log "stopped"
}

status() {
  for name in host gateway redis; do
    if alive "$name"; then echo "$name: running (pid $(cat "$state/$name.pid"))"; else echo "$name: stopped"; fi
  done
  if "$(pg_bin)/pg_isready" -h 127.0.0.1 -p "$pg_port" -q; then echo "postgres: running on $pg_port"; else echo "postgres: stopped"; fi
}

case "${1:-up}" in
  up) up ;;
  down) down ;;
  status) status ;;
  *) echo "usage: $0 up|down|status" >&2; exit 2 ;;
esac
