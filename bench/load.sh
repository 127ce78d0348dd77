#!/usr/bin/env bash
# Load benchmark: the release binary against PostgreSQL, driven by wrk, four request kinds
# in one run, so their ratios are comparable:
#
#   floor      { __typename }                       (HTTP + GraphQL machinery, no resolver)
#   catalog    frameworks + criteria               (static data, no engine)
#   preview    recommendation, 6 answers, full explanation (engine, never logged)
#   preview_top   the same recommendation, selecting only the top pick, confidence and
#              takeaways (what a portal widget shows): the engine's cost with little output
#   preview_ranking_unique   the ranking without reasons (~60 fields), every request a
#              different profile (bench/profiles.lua): nothing can be cached
#   preview_unique   the full explanation (~320 fields), every request a different profile
#   preview_mix   the full explanation, profiles drawn as a questionnaire's live preview
#              sends them (a skewed distribution: many people share the early states)
#   submit     submitProfile, same profile and selection (engine + durable decision log)
#
# For each: requests/s, p50 and p99 latency (wrk --latency), then the server's peak RSS
# (VmHWM) and the ratios preview/floor and submit/preview. Prints a markdown table.
#
#   bash bench/load.sh
#   CONNECTIONS=64 DURATION=20s WORKERS=1 bash bench/load.sh
#
# Environment (defaults in brackets):
#   BENCH_DATABASE_URL, else DATABASE_URL [postgres://postgres@127.0.0.1:5432/framework_matrix_bench]
#       created with psql if missing; the service migrates it at start-up; `decisions` is
#       TRUNCATEd before the run. A database named `postgres` is refused.
#   THREADS [1] CONNECTIONS [32] DURATION [10s] WARMUP [2s]   wrk settings
#   WORKERS [unset: one per core]   HTTP workers of the service
#   DATABASE_MAX_CONNECTIONS [unset: the service default]
#   PORT [18080]   SKIP_BUILD [unset]   SCENARIOS ["floor catalog preview preview_top submit"]
#   BIN [target/release/framework-matrix]: another build to measure (set SKIP_BUILD too),
#       e.g. the previous commit's binary, for a before/after comparison in one session
#   PERF_DIR [unset]: also record each measured scenario with `perf record -g` into this
#       directory (perf slows the service down: figures from such a run are not results)
#   PEER_URL [unset]: the Apollo Server peer (../shared/peers/apollo-server, its README says
#       how to start it), e.g. http://127.0.0.1:14000/graphql: every scenario but submit
#       (the peer has no database) is run against it too, and the ratios printed
#
# The service runs with RUST_LOG=warn: at `info` it writes one line per request, and on a
# shared 2-core machine formatting and writing those lines would be what this measures.
# wrk runs on the same machine and takes one core (THREADS=1): figures are for the whole
# box, service plus load generator, and not the service alone.
set -euo pipefail
cd "$(dirname "$0")/.."

THREADS=${THREADS:-1}
CONNECTIONS=${CONNECTIONS:-32}
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-2s}
PORT=${PORT:-18080}
SCENARIOS=${SCENARIOS:-floor catalog preview preview_top preview_ranking_unique preview_unique preview_mix submit}
DB_URL=${BENCH_DATABASE_URL:-${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/framework_matrix_bench}}

log() { printf '%s\n' "$*" >&2; }
die() { log "load.sh: $*"; exit 1; }

# --- tools -------------------------------------------------------------------------------
ensure_tool() { # command package
    command -v "$1" >/dev/null && return
    log "$1 is missing; installing it (apt-get install -y $2)"
    apt-get install -y -qq "$2" >/dev/null 2>&1 ||
        { apt-get update -qq && apt-get install -y -qq "$2" >/dev/null; } ||
        die "cannot install $2"
}
ensure_tool wrk wrk
ensure_tool jq jq
for tool in psql curl cargo; do
    command -v "$tool" >/dev/null || die "$tool is required"
done

# --- database ----------------------------------------------------------------------------
base_url=${DB_URL%%\?*}
db_name=${base_url##*/}
admin_url="${base_url%/*}/postgres"
[[ $db_name =~ ^[a-z0-9_]+$ ]] || die "database name '$db_name' (from the URL) is not a plain identifier"
[[ $db_name != postgres ]] || die "refusing to benchmark against the maintenance database 'postgres' (the run truncates tables); set BENCH_DATABASE_URL"
psql "$admin_url" -qtAc 'SELECT 1' >/dev/null 2>&1 ||
    die "PostgreSQL is not reachable at ${admin_url#*@} (set BENCH_DATABASE_URL)"
if [[ -z $(psql "$admin_url" -qtAc "SELECT 1 FROM pg_database WHERE datname = '$db_name'") ]]; then
    log "creating database $db_name"
    psql "$admin_url" -qc "CREATE DATABASE $db_name"
fi

# --- build and start ---------------------------------------------------------------------
if [[ -z ${SKIP_BUILD:-} ]]; then
    log "cargo build --release"
    cargo build --release --quiet
fi
bin=${BIN:-target/release/framework-matrix}
[[ -x $bin ]] || die "$bin is missing"

work=$(mktemp -d)
server_pid=""
cleanup() {
    if [[ -n $server_pid ]] && kill -0 "$server_pid" 2>/dev/null; then
        kill -TERM "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

env_args=(
    RUST_LOG=warn
    LISTEN_ADDR="127.0.0.1:$PORT"
    DATABASE_URL="$DB_URL"
    SPOOL_DIR="$work/spool"
    SHUTDOWN_TIMEOUT_SECS=5
    # wrk is one client: the per-client mutation limit (on by default) would turn the
    # submit scenario into a measure of refusals. The bench measures capacity.
    MUTATION_RATE_LIMIT_PER_MINUTE=0
)
[[ -n ${WORKERS:-} ]] && env_args+=(WORKERS="$WORKERS")
[[ -n ${DATABASE_MAX_CONNECTIONS:-} ]] && env_args+=(DATABASE_MAX_CONNECTIONS="$DATABASE_MAX_CONNECTIONS")
env "${env_args[@]}" "$bin" >"$work/server.log" 2>&1 &
server_pid=$!

url="http://127.0.0.1:$PORT"
ready=""
for _ in $(seq 1 120); do
    kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; die "the service exited at start-up"; }
    body=$(curl -fsS "$url/readyz" 2>/dev/null || true)
    if [[ $body == *'"database":"ready"'* ]]; then ready=1; break; fi
    sleep 0.5
done
[[ -n $ready ]] || { log "last /readyz: ${body:-none}"; die "the database never became ready"; }
idle_rss=$(awk '/^VmRSS/ {print $2}' "/proc/$server_pid/status")
# Migrated by the service by now; start from an empty log (and again before the submit run).
PGOPTIONS='-c client_min_messages=warning' psql "$DB_URL" -qc 'TRUNCATE decisions CASCADE'
[[ -z ${PERF_DIR:-} ]] || command -v perf >/dev/null || die "PERF_DIR needs perf"

# --- request bodies ----------------------------------------------------------------------
profile='{"answers":[
  {"criterionId":"admin_panel","optionId":"yes","weight":2},
  {"criterionId":"data_model","optionId":"relational","weight":1},
  {"criterionId":"realtime","optionId":"some","weight":1.5},
  {"criterionId":"latency","optionId":"critical","weight":2},
  {"criterionId":"team_size","optionId":"small","weight":1},
  {"criterionId":"project_scope","optionId":"product","weight":1}]}'
explained='catalogVersion confidence
  top { framework { id name } score fit }
  ranking { rank framework { id } score fit reasons { criterionId optionId contribution explanation } }
  takeaways { id severity text frameworkIds }
  pivots { criterionId optionId fromOptionId newTop { id } newTopScore }'
graphql_body() { # query [variables]
    jq -cn --arg q "$1" --argjson v "${2:-null}" '{query: $q, variables: $v}'
}
graphql_body '{ __typename }' >"$work/floor.json"
graphql_body '{ frameworks { id name language summary } criteria { id options { id } } }' >"$work/catalog.json"
graphql_body "query Preview(\$p: ProfileInput!) { recommendation(profile: \$p) { $explained } }" \
    "{\"p\": $profile}" >"$work/preview.json"
graphql_body "query PreviewTop(\$p: ProfileInput!) { recommendation(profile: \$p) { confidence top { framework { id name } fit } takeaways { id severity } } }" \
    "{\"p\": $profile}" >"$work/preview_top.json"
graphql_body "mutation Submit(\$p: ProfileInput!) { submitProfile(profile: \$p) { decisionId $explained } }" \
    "{\"p\": $profile}" >"$work/submit.json"
# The generated-profile scenarios: a selection for bench/profiles.lua, and the same selection
# with the fixed profile (sent once to check it and to count its fields).
ranking='confidence top { framework { id name } score fit } ranking { rank framework { id } score fit } takeaways { id severity }'
printf '%s' "$ranking" >"$work/preview_ranking_unique.sel"
printf '%s' "$explained" >"$work/preview_unique.sel"
printf '%s' "$explained" >"$work/preview_mix.sel"
graphql_body "query Preview(\$p: ProfileInput!) { recommendation(profile: \$p) { $ranking } }" \
    "{\"p\": $profile}" >"$work/preview_ranking_unique.json"
cp "$work/preview.json" "$work/preview_unique.json"
cp "$work/preview.json" "$work/preview_mix.json"
# Every criterion with its options, one line each, from the service itself.
curl -fsS -H 'Content-Type: application/json' \
    --data '{"query":"{ criteria { criterionId options { optionId } } }"}' "$url/graphql" |
    jq -r '.data.criteria[] | [.criterionId, (.options[].optionId)] | join(" ")' >"$work/criteria.txt"

cat >"$work/post.lua" <<'LUA'
-- POSTs the JSON body in $BODY_FILE to every request.
local f = assert(io.open(os.getenv("BODY_FILE"), "rb"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/json"
LUA

# Every body must succeed once, without GraphQL errors, before it is measured: a fast error
# is not a result.
for s in $SCENARIOS; do
    out=$(curl -fsS -H 'Content-Type: application/json' --data-binary "@$work/$s.json" "$url/graphql") ||
        die "$s: request failed"
    jq -e '(.errors | not) and (.data != null)' >/dev/null <<<"$out" ||
        die "$s: GraphQL errors: $(head -c 400 <<<"$out")"
    printf '%s' "$out" | wc -c >"$work/$s.bytes"
    # Every object key in the response is one field the executor resolved.
    jq '[paths | select(.[-1] | type == "string")] | length' <<<"$out" >"$work/$s.fields"
done
if [[ $SCENARIOS == *preview* ]]; then
    jq -e '.data.recommendation | (.takeaways | length > 0) and (.pivots | length > 0)' \
        >/dev/null < <(curl -fsS -H 'Content-Type: application/json' --data-binary "@$work/preview.json" "$url/graphql") ||
        die "the preview profile must trigger takeaways and pivots"
fi

# --- run ---------------------------------------------------------------------------------
to_ms() { # wrk duration (e.g. 812.00us, 1.20ms, 1.01s) -> milliseconds
    awk -v d="$1" 'BEGIN {
        if (d ~ /us$/) { sub(/us$/, "", d); printf "%.3f", d / 1000 }
        else if (d ~ /ms$/) { sub(/ms$/, "", d); printf "%.3f", d }
        else if (d ~ /m$/) { sub(/m$/, "", d); printf "%.3f", d * 60000 }
        else if (d ~ /s$/) { sub(/s$/, "", d); printf "%.3f", d * 1000 }
        else printf "%s", d }'
}
run_wrk() { # scenario duration [url]
    local target=${3:-$url/graphql}
    case $1 in
        *_unique | *_mix)
            PROFILES=${1##*_} SELECTION_FILE="$work/$1.sel" CRITERIA_FILE="$work/criteria.txt" \
                wrk -t"$THREADS" -c"$CONNECTIONS" -d"$2" --latency -s bench/profiles.lua "$target" ;;
        *)
            BODY_FILE="$work/$1.json" wrk -t"$THREADS" -c"$CONNECTIONS" -d"$2" --latency \
                -s "$work/post.lua" "$target" ;;
    esac
}
metric() { # name: sum of every sample of a counter in /metrics
    curl -fsS "$url/metrics" | awk -v m="$1" '$1 ~ ("^" m "(_total)?([{].*)?$") {s += $2} END {print s + 0}'
}

declare -A rps p50 p99 reqs bad
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for s in $SCENARIOS; do
    log "$s: warm-up $WARMUP, then $DURATION (wrk -t$THREADS -c$CONNECTIONS)"
    run_wrk "$s" "$WARMUP" >/dev/null
    [[ $s == submit ]] && PGOPTIONS='-c client_min_messages=warning' psql "$DB_URL" -qc 'TRUNCATE decisions CASCADE'
    errors_before=$(metric framework_matrix_graphql_errors)
    perf_pid=""
    if [[ -n ${PERF_DIR:-} ]]; then
        mkdir -p "$PERF_DIR"
        perf record -q -F 499 --call-graph dwarf,32768 -o "$PERF_DIR/$s.perf" -p "$server_pid" \
            >/dev/null 2>&1 &
        perf_pid=$!
    fi
    out=$(run_wrk "$s" "$DURATION")
    if [[ -n $perf_pid ]]; then
        kill -INT "$perf_pid" 2>/dev/null || true
        wait "$perf_pid" 2>/dev/null || true
    fi
    printf '%s\n' "$out" >"$work/$s.wrk"
    rps[$s]=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
    p50[$s]=$(to_ms "$(awk '$1 == "50%" {print $2}' <<<"$out")")
    p99[$s]=$(to_ms "$(awk '$1 == "99%" {print $2}' <<<"$out")")
    reqs[$s]=$(awk '/requests in/ {print $1}' <<<"$out")
    non2xx=$(awk '/Non-2xx/ {print $NF}' <<<"$out")
    sockerr=$(awk -F'[ ,]+' '/Socket errors/ {print $4 + $6 + $8 + $10}' <<<"$out")
    gql_errors=$(( $(metric framework_matrix_graphql_errors) - errors_before ))
    bad[$s]=$(( ${non2xx:-0} + ${sockerr:-0} + gql_errors ))
    if [[ $s == submit ]]; then
        stored=$(psql "$DB_URL" -qtAc 'SELECT count(*) FROM decisions')
        log "submit: wrk completed ${reqs[$s]} requests; decisions stored: $stored"
        (( stored >= reqs[$s] )) || die "fewer decisions stored ($stored) than submits answered (${reqs[$s]})"
    fi
done

peak_rss=$(awk '/^VmHWM/ {print $2}' "/proc/$server_pid/status")

# --- the peer, same scenarios, same session ----------------------------------------------
declare -A peer_rps peer_p99
if [[ -n ${PEER_URL:-} ]]; then
    for s in $SCENARIOS; do
        [[ $s == submit ]] && continue
        out=$(curl -fsS -H 'Content-Type: application/json' --data-binary "@$work/$s.json" "$PEER_URL") ||
            die "peer: $s: request failed"
        jq -e '(.errors | not) and (.data != null)' >/dev/null <<<"$out" ||
            die "peer: $s: GraphQL errors: $(head -c 400 <<<"$out")"
        log "peer $s: warm-up $WARMUP, then $DURATION"
        run_wrk "$s" "$WARMUP" "$PEER_URL" >/dev/null
        out=$(run_wrk "$s" "$DURATION" "$PEER_URL")
        printf '%s\n' "$out" >"$work/peer-$s.wrk"
        peer_rps[$s]=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
        peer_p99[$s]=$(to_ms "$(awk '$1 == "99%" {print $2}' <<<"$out")")
        non2xx=$(awk '/Non-2xx/ {print $NF}' <<<"$out")
        [[ -z $non2xx ]] || log "peer $s: $non2xx non-2xx responses"
    done
fi
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
not_recorded=$(metric framework_matrix_decisions_not_recorded)
spooled=$(metric framework_matrix_decisions_spooled)
batches=$(metric framework_matrix_decision_batches)
logged=$(metric framework_matrix_decisions_logged)

# --- report ------------------------------------------------------------------------------
ratio() { awk -v a="${rps[$1]:-0}" -v b="${rps[$2]:-0}" 'BEGIN { if (a > 0 && b > 0) printf "%.2f", a / b; else print "n/a" }'; }
echo
echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency (after a $WARMUP warm-up); service: RUST_LOG=warn, WORKERS=${WORKERS:-default (one per core)}, DATABASE_MAX_CONNECTIONS=${DATABASE_MAX_CONNECTIONS:-default}; $(nproc) cores, wrk on the same machine"
echo
echo "load average (1, 5, 15 min) before: $load_before; after: $load_after"
echo
echo "| scenario | requests/s | p50 ms | p99 ms | requests | errors | response bytes | response fields |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
for s in $SCENARIOS; do
    printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' \
        "$s" "${rps[$s]}" "${p50[$s]}" "${p99[$s]}" "${reqs[$s]}" "${bad[$s]}" \
        "$(cat "$work/$s.bytes")" "$(cat "$work/$s.fields")"
done
echo
echo "| measure | value |"
echo "|---|---:|"
echo "| preview / floor (requests/s) | $(ratio preview floor) |"
echo "| preview_top / floor (requests/s) | $(ratio preview_top floor) |"
echo "| preview_ranking_unique / floor (requests/s) | $(ratio preview_ranking_unique floor) |"
echo "| preview_unique / floor (requests/s) | $(ratio preview_unique floor) |"
echo "| preview_mix / preview_unique (requests/s) | $(ratio preview_mix preview_unique) |"
echo "| submit / preview (requests/s) | $(ratio submit preview) |"
echo "| peak RSS (VmHWM) | $((peak_rss / 1024)) MiB ($peak_rss kB) |"
echo "| RSS when idle after start-up | $((idle_rss / 1024)) MiB |"
echo "| decision batches / decisions logged | $batches / $logged ($(awk -v a="$logged" -v b="$batches" 'BEGIN { if (b > 0) printf "%.1f", a / b; else print "n/a" }') per batch) |"
echo "| decisions spooled / not recorded | $spooled / $not_recorded |"
if [[ -n ${PEER_URL:-} ]]; then
    echo
    echo "Against the peer at $PEER_URL (same wrk settings, same session):"
    echo
    echo "| scenario | this service req/s | peer req/s | ratio | this service p99 ms | peer p99 ms |"
    echo "|---|---:|---:|---:|---:|---:|"
    for s in $SCENARIOS; do
        [[ -n ${peer_rps[$s]:-} ]] || continue
        printf '| %s | %s | %s | %s | %s | %s |\n' "$s" "${rps[$s]}" "${peer_rps[$s]}" \
            "$(awk -v a="${rps[$s]}" -v b="${peer_rps[$s]}" 'BEGIN { if (b > 0) printf "%.1f", a / b; else print "n/a" }')" \
            "${p99[$s]}" "${peer_p99[$s]}"
    done
fi
