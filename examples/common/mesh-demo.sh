# What the mesh demos' run.sh scripts share, sourced after mesh-hosts.sh: Meshgate in the control-plane host, the
# CLI and the API from there, sidecars in pod hosts, and the ok/FAIL checks.
#
#   demo_init NAME           mesh_require, the build, mesh_init; on exit the logs are printed when the run failed
#   die MESSAGE              "NAME: MESSAGE" on stderr, exit 1 (the logs follow)
#   demo_control_plane       Meshgate (`meshgate up`) in host cp, bound to its bridge address: the API over HTTPS with
#                            the mesh CA, the embedded ingress gateway on :8000/:8443. Sets CP_IP, DATA, CA, API, TOKEN
#   mg ARGS...               the CLI (the seed's kubectl) from host cp with the admin token; output dropped
#   api CURL-ARGS...         curl to the API from host cp with the admin token
#   json EXPR                a Python expression over the JSON document on stdin (d), printed; when the document lacks
#                            what it names: "<no EXPR in: ...>" and status 1
#   without_deployments FILE the manifests without their Deployments (the pods are hosts of the script)
#   sidecar HOST NS SA LABELS  a sidecar token, `meshgate sidecar-init --proxy-gid 1500`, `meshgate sidecar` as root:1500
#                            in pod HOST; its pid in MESH_LAST_PID
#   wait_sidecar HOST PROXY PID  until the sidecar registered and runs its config (90 s); dies when it exited
#   proxy_state PROXY        "<kind> <inSync>" of a registered proxy, else "not registered"
#   check NAME EXPECTED ACTUAL  "ok NAME" when ACTUAL contains EXPECTED (which may not be empty), else "FAIL ..."
#   demo_done                the summary line; exit 1 when a check failed

DEMO_NAME=""
DEMO_FAILS=0

die() { echo "$DEMO_NAME: $*" >&2; exit 1; }

demo_show_logs() {
  local log
  for log in "$MESH_DIR"/*.log; do [ -f "$log" ] && { echo "--- $(basename "$log") (last 40 lines)"; tail -40 "$log"; }; done
}

demo_init() {
  DEMO_NAME="$1"
  mesh_require
  # build before making the hosts (Maven inside a namespace has no network); nothing happens when up to date
  "$ROOT/bin/meshgate" --version >/dev/null || { echo "$DEMO_NAME: the build failed" >&2; exit 1; }
  mesh_init
  trap 'rc=$?; [ "$rc" -eq 0 ] || demo_show_logs; mesh_cleanup; exit "$rc"' EXIT
}

demo_control_plane() {
  CP_IP=$(mesh_control_plane)
  DATA="$MESH_DIR/data"
  CA="$DATA/ca/ca.crt"
  API="https://$CP_IP:9091"
  mesh_spawn cp meshgate env MESHGATE_DATA_DIR="$DATA" MESHGATE_CONSOLE_PORT=0 "$ROOT/bin/meshgate" up --bind "$CP_IP"
  mesh_wait 120 demo_api_ready || die "Meshgate did not get ready at $API within 120 s"
  TOKEN=$(cat "$DATA/admin.token")
}

demo_api_ready() { mesh_exec cp curl -sf -o /dev/null -m 2 --cacert "$CA" "$API/readyz"; }

mg() { mesh_exec cp "$ROOT/bin/meshgate" --server "$API" --token "$TOKEN" --ca-file "$CA" "$@" >/dev/null; }
api() { mesh_exec cp curl -s -m 10 --cacert "$CA" -H "Authorization: Bearer $TOKEN" "$@"; }

json() {
  python3 -c '
import json, sys
text = sys.stdin.read()
try:
    print(eval(sys.argv[1], {"d": json.loads(text)}))
except Exception:
    print("<no " + sys.argv[1] + " in: " + " ".join(text.split())[:200] + ">")
    sys.exit(1)' "$1"
}

without_deployments() {
  python3 -c '
import re, sys
docs = re.split(r"^---[ \t]*$", open(sys.argv[1]).read(), flags=re.M)
print("---".join(d for d in docs if not re.search(r"^kind:[ \t]*Deployment[ \t]*$", d, flags=re.M)))' "$1"
}

check() {
  if [ -n "$2" ] && [[ "$3" == *"$2"* ]]; then
    echo "ok   $1"
  else
    echo "FAIL $1: expected '$2', got '$(echo "$3" | head -3)'"
    DEMO_FAILS=$((DEMO_FAILS + 1))
  fi
}

# SIDECAR_HOSTS_FILE, when set, is the sidecar's --hosts-file (names outside the mesh, examples/common/egress-demo.sh)
SIDECAR_HOSTS_FILE="${SIDECAR_HOSTS_FILE:-}"
sidecar() {
  local host="$1" ns="$2" sa="$3" labels="$4" answer token
  answer=$(api -X POST -H 'Content-Type: application/json' "$API/api/v1/tokens" \
    -d "{\"name\":\"sidecar-$ns-$host\",\"role\":\"sidecar\",\"namespace\":\"$ns\",\"serviceAccount\":\"$sa\"}")
  token=$(json 'd["token"]' <<< "$answer" 2>/dev/null) || die "could not create a sidecar token for $ns/$sa: $answer"
  mesh_exec "$host" "$ROOT/bin/meshgate" sidecar-init --proxy-gid 1500 > "$MESH_DIR/$host-sidecar-init.log" 2>&1 \
    || die "meshgate sidecar-init failed in the $host pod (log below)"
  # the pod identity as FSM's injector passes it; the token in the environment keeps it out of ps
  mesh_spawn "$host" "$host-sidecar" setpriv --regid=1500 --clear-groups \
    env POD_NAME="$host" POD_NAMESPACE="$ns" POD_IP="$(mesh_ip "$host")" SERVICE_ACCOUNT="$sa" MESHGATE_TOKEN="$token" \
    "$ROOT/bin/meshgate" sidecar --server "$API" --ca-file "$CA" --labels "$labels" --data-dir "$MESH_DIR/$host-sidecar" \
    ${SIDECAR_HOSTS_FILE:+--hosts-file "$SIDECAR_HOSTS_FILE"}
}

proxy_state() {
  api "$API/api/v1/proxies" \
    | json '" ".join(p["kind"] + " " + str(p["inSync"]) for p in d["items"] if p["name"] == "'"$1"'") or "not registered"'
}

wait_sidecar() {
  local deadline=$((SECONDS + 90))
  until [ "$(proxy_state "$2")" = "sidecar True" ]; do
    kill -0 "$3" 2>/dev/null || die "the $1 sidecar exited (log below)"
    [ "$SECONDS" -lt "$deadline" ] || die "the $1 sidecar did not register and apply its config within 90 s: $(proxy_state "$2")"
    sleep 0.5
  done
}

demo_done() {
  [ "$DEMO_FAILS" -eq 0 ] || { echo "$DEMO_NAME: $DEMO_FAILS checks failed"; exit 1; }
  echo "$DEMO_NAME: all checks passed"
}
