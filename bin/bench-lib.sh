# bench-lib.sh - shell functions the loopback benchmarks share (sourced by bin/bench-mesh, bin/bench-egress).
#
# The sourcing script sets, before calling what needs them:
#   BENCH        its name, for messages and the nginx config headers ("bench-mesh")
#   WORK RAW     its work directory and the raw wrk output directory in it
#   PIDS=()      the servers it started (start() appends; bench_cleanup ends them and their children)
#   KEEP_TMP     1: bench_cleanup keeps $WORK
#   PIN SERVER_CPUS          set by bench_pin_cpus (start() pins servers to SERVER_CPUS when PIN=1)
#   NOFILE WORKER_CONNS      set by bench_fd_limits (nginx_conf uses them)
#   WRK_BIN THREADS WRK_TIMEOUT   wrk_run's wrk and its flags
#   SUMMARY      say() appends here
# Nothing here is timed; the functions only start, watch and measure processes on 127.0.0.1.

bench_die() { echo "$BENCH: $*" >&2; exit 2; }
say() { echo "$*" | tee -a "$SUMMARY"; }

# ---------------------------------------------------------------- tools
find_bin() { command -v "$1" 2>/dev/null || { [[ -x /usr/sbin/$1 ]] && echo "/usr/sbin/$1"; } || true; }
# need TOOL PACKAGE...: remembers a missing tool; bench_require_tools reports them all at once
BENCH_MISSING=() BENCH_PKGS=()
need() { [[ -n $(find_bin "$1") ]] || { BENCH_MISSING+=("$1"); BENCH_PKGS+=("$2"); }; }
bench_require_tools() {
  if ((${#BENCH_MISSING[@]})); then
    echo "$BENCH: missing tools: ${BENCH_MISSING[*]}" >&2
    echo "$BENCH: install them with:  apt-get install -y ${BENCH_PKGS[*]}" >&2
    exit 2
  fi
}

# ---------------------------------------------------------------- CPUs
# bench_pin_cpus WHAT: with PIN=1 and >= 2 CPUs, this shell (so wrk) on the first half of the CPUs and
# the servers on the second; sets PIN, SERVER_CPUS, SERVER_NCPU, LAYOUT (WHAT names the servers there)
bench_pin_cpus() {
  NCPU=$(nproc)
  LOADGEN_CPUS=${LOADGEN_CPUS:-} SERVER_CPUS=${SERVER_CPUS:-}
  if [[ $PIN == 1 && $NCPU -ge 2 ]]; then
    local half=$((NCPU / 2))
    [[ -z $LOADGEN_CPUS ]] && { ((half == 1)) && LOADGEN_CPUS=0 || LOADGEN_CPUS="0-$((half - 1))"; }
    [[ -z $SERVER_CPUS ]] && { ((NCPU - half == 1)) && SERVER_CPUS=$half || SERVER_CPUS="$half-$((NCPU - 1))"; }
    SERVER_NCPU=$(taskset -c "$SERVER_CPUS" nproc) || bench_die "taskset failed for SERVER_CPUS=$SERVER_CPUS"
    taskset -cp "$LOADGEN_CPUS" $$ >/dev/null || bench_die "taskset failed for LOADGEN_CPUS=$LOADGEN_CPUS"
    LAYOUT="pinned: wrk on CPU $LOADGEN_CPUS; $1 on CPU $SERVER_CPUS"
  else
    PIN=0 SERVER_NCPU=$NCPU
    LAYOUT="unpinned: wrk and every server share all $NCPU CPUs"
  fi
}

# ---------------------------------------------------------------- processes, cleanup
is_alive() { local s; s=$(ps -o stat= -p "$1" 2>/dev/null) || return 1; [[ $s != Z* ]]; }
bench_cleanup() { # the EXIT trap: ends what start() started (children first seen), then removes $WORK
  local rc=$? p i alive all=()
  trap - EXIT INT TERM
  for p in "${PIDS[@]}"; do all+=($(ps -o pid= --ppid "$p" 2>/dev/null) "$p"); done
  for p in "${PIDS[@]}"; do kill -TERM "$p" 2>/dev/null; done
  for ((i = 0; i < 100; i++)); do
    alive=0; for p in "${all[@]}"; do is_alive "$p" && alive=1; done
    ((alive)) || break; sleep 0.1
  done
  for p in "${all[@]}"; do is_alive "$p" && kill -KILL "$p" 2>/dev/null; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null; done
  if [[ $KEEP_TMP == 1 ]]; then echo "$BENCH: work dir kept: $WORK" >&2; else rm -rf -- "$WORK"; fi
  exit "$rc"
}
bench_traps() {
  trap bench_cleanup EXIT
  trap 'echo "$BENCH: interrupted" >&2; exit 130' INT
  trap 'echo "$BENCH: terminated" >&2; exit 143' TERM
}
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
start() { # varname log cmd...: a plain background command, so that $! is the server itself (taskset and
  # bin/meshgate exec), whose children (nginx workers) cleanup finds and ends
  local var=$1 log=$2; shift 2
  if ((PIN)); then taskset -c "$SERVER_CPUS" "$@" >"$WORK/$log.out" 2>&1 &
  else "$@" >"$WORK/$log.out" 2>&1 & fi
  PIDS+=($!); printf -v "$var" '%s' "$!"
}
wait_port() { # port seconds pid
  local i; for ((i = 0; i < $2 * 10; i++)); do port_open "$1" && return 0; is_alive "$3" || return 1; sleep 0.1; done; return 1
}

# ---------------------------------------------------------------- certificates
# mesh_certs DIR NAME:ID...: a mesh CA (DIR/ca.crt, ca.key) and one leaf per NAME (DIR/NAME.crt, NAME.key)
# whose DNS SAN is ID, for server and client use; ECDSA P-256, valid 2 days, all readable (nginx workers
# run as nobody; the keys are throwaway and never leave the work dir)
mesh_certs() {
  local dir=$1 who name id; shift
  mkdir -p "$dir"
  {
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj "/CN=bench mesh CA" \
      -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign \
      -keyout "$dir/ca.key" -out "$dir/ca.crt"
    for who in "$@"; do
      name=${who%%:*} id=${who#*:}
      openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=$id" \
        -keyout "$dir/$name.key" -out "$dir/$name.csr"
      printf 'subjectAltName=DNS:%s\nextendedKeyUsage=serverAuth,clientAuth\nkeyUsage=critical,digitalSignature\n' "$id" >"$dir/$name.ext"
      openssl x509 -req -in "$dir/$name.csr" -CA "$dir/ca.crt" -CAkey "$dir/ca.key" -CAcreateserial -days 2 \
        -extfile "$dir/$name.ext" -out "$dir/$name.crt"
    done
  } >"$dir/openssl.out" 2>&1 || bench_die "openssl failed: $(tail -5 "$dir/openssl.out")"
  chmod 644 "$dir"/*
}

# ---------------------------------------------------------------- nginx
bench_fd_limits() { # sets NOFILE (this shell's soft limit, raised) and WORKER_CONNS for nginx_conf
  local limit; limit=$(ulimit -Hn); [[ $limit == unlimited ]] && limit=1048576
  NOFILE=$((limit < 65536 ? limit : 65536)); ulimit -Sn "$NOFILE" 2>/dev/null
  WORKER_CONNS=$((NOFILE / 2 < 16384 ? NOFILE / 2 : 16384))
}
nginx_conf() { # name workers server-block... -> $WORK/<name>/nginx.conf
  local d=$WORK/$1 workers=$2; shift 2
  mkdir -p "$d/logs"
  cat >"$d/nginx.conf" <<EOF
# $BENCH $(basename "$d") (written by bin/$BENCH)
worker_processes $workers;
pid $d/logs/nginx.pid;
error_log $d/logs/error.log error;
worker_rlimit_nofile $NOFILE;
events { worker_connections $WORKER_CONNS; }
http {
    access_log off;
    server_tokens off;
    keepalive_requests 1000000;
    keepalive_timeout 75s;
    tcp_nodelay on;
$*
}
EOF
}
start_nginx() { # varname name
  start "$1" "$2" "$NGINX_BIN" -p "$WORK/$2" -c "$WORK/$2/nginx.conf" -e "$WORK/$2/logs/error.log" -g "daemon off;"
}

# ---------------------------------------------------------------- checks
fails=0
check() { # name expected actual
  if [[ -n $2 && $3 == *"$2"* ]]; then say "  ok   $1"; else say "  FAIL $1: expected '$2', got '$(head -c 200 <<<"$3")'"; fails=$((fails + 1)); fi
}

# ---------------------------------------------------------------- wrk and its numbers
CLK_TCK=$(getconf CLK_TCK 2>/dev/null || echo 100)
server_jiffies() { # CPU of every server process of this run (nginx workers included)
  local p f=()
  for p in $(ps -o pid= --pid "$(IFS=,; echo "${PIDS[*]}")" --ppid "$(IFS=,; echo "${PIDS[*]}")" 2>/dev/null); do
    [[ -r /proc/$p/stat ]] && f+=("/proc/$p/stat")
  done
  ((${#f[@]})) || { echo 0; return; }
  awk '{ sub(/^.*\) /, ""); s += $12 + $13 } END { printf "%d", s }' "${f[@]}" 2>/dev/null || echo 0
}
child_jiffies() { # CPU of this shell's finished children (wrk); `times` must run in this shell -> CJ
  times >"$RAW/.times"
  CJ=$(awk -v hz="$CLK_TCK" 'NR == 2 { t = 0; for (i = 1; i <= 2; i++) { split($i, a, "m"); t += a[1] * 60 + a[2] } printf "%d", t * hz }' "$RAW/.times")
}
total_snap() { awk '/^cpu /{ t = 0; for (i = 2; i <= 9; i++) t += $i; printf "%d %d", t, t - $5 - $6 }' /proc/stat; }
parse_wrk() { # file -> rps p50 p99 errors requests (ms)
  awk 'function ms(v) { if (v ~ /us$/) return substr(v, 1, length(v) - 2) / 1000; if (v ~ /ms$/) return substr(v, 1, length(v) - 2) + 0;
                        if (v ~ /m$/) return substr(v, 1, length(v) - 1) * 60000; if (v ~ /s$/) return substr(v, 1, length(v) - 1) * 1000; return v + 0 }
       BEGIN { rps = "NA"; p50 = "NA"; p99 = "NA"; err = 0; req = 0 }
       /^ *50% / { p50 = ms($2) }  /^ *99% / { p99 = ms($2) }  / requests in / { req = $1 }
       /Socket errors:/ { gsub(/,/, ""); err += $4 + $6 + $8 + $10 }  /Non-2xx or 3xx/ { err += $NF }
       /^Requests\/sec:/ { rps = $2 }
       END { printf "%s\t%s\t%s\t%d\t%d", rps, p50, p99, err, req }' "$1"
}
LAST=
wrk_run() { # out-file conns seconds url -> LAST = "rps p50 p99 errors requests bg%"
  local out=$1 c=$2 d=$3 url=$4 t=$THREADS t0 b0 t1 b1 s0 s1 cj0 bg
  ((t > c)) && t=$c
  local cmd=("$WRK_BIN" -t "$t" -c "$c" -d "${d}s" --latency --timeout "$WRK_TIMEOUT" "$url")
  echo "# ${cmd[*]}" >"$out"
  s0=$(server_jiffies); child_jiffies; cj0=$CJ; read -r t0 b0 <<<"$(total_snap)"
  timeout -k 2 $((d + 20)) "${cmd[@]}" >>"$out" 2>&1
  read -r t1 b1 <<<"$(total_snap)"; s1=$(server_jiffies); child_jiffies
  # bg% = CPU used by processes this script did not start, in % of all CPUs (noise from other work)
  bg=$(((t1 > t0) ? 100 * ((b1 - b0) - (s1 - s0) - (CJ - cj0)) / (t1 - t0) : 0)); ((bg < 0)) && bg=0
  LAST="$(parse_wrk "$out")	$bg"
}

# ---------------------------------------------------------------- results
redact_keys() { # config.json -> stdout without its throwaway private keys
  python3 -c 'import json, re, sys; t = open(sys.argv[1]).read(); print(re.sub(r"-----BEGIN [A-Z ]*PRIVATE KEY-----[^\"]*-----END [A-Z ]*PRIVATE KEY-----(\\n)?", "[redacted]", t))' "$1"
}
