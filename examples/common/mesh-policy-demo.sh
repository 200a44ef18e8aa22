# The steps mesh demos share (sourced after mesh-hosts.sh; see examples/permissive-mode/run.sh, their model):
# Meshgate in the control-plane namespace, the CLI and the API as the seed's kubectl, pods with and without a
# sidecar, checks printed ok/FAIL.
#
#   demo_start NAME               mesh_require, the build, mesh_init, the EXIT trap (logs on failure, cleanup)
#   demo_control_plane            Meshgate on the control-plane host over HTTPS; sets CP_IP API CA TOKEN DATA
#   mg ARGS...                    the CLI as admin (the seed's kubectl), output hidden; mg_out shows it
#   api CURL-ARGS...              curl with the admin token and the mesh CA, from the control-plane namespace
#   json EXPR                     a Python expression over the JSON document on stdin (d)
#   without_deployments FILE      the manifests of FILE without their Deployments (the pods are namespaces)
#   check NAME EXPECTED ACTUAL    ok when ACTUAL contains EXPECTED (an empty EXPECTED fails); demo_finish sums up
#   access_demo_pods              6.3/6.4's first steps: httpbin with its sidecar, curl outside the mesh (reset)
#   check_eventually NAME EXPECTED SECONDS CMD...  check on CMD's output, once it contains EXPECTED or SECONDS passed
#                                 (a change takes about a second to reach the sidecars)
#   viewer_token                  sets VIEWER_TOKEN, a token of role viewer (made once), e.g. for sidecar-init --server
#   sidecar HOST NS SA LABELS [--server]   sidecar-init (with --server: + the MeshConfig's exclusion lists, read
#                                 with the viewer token), then the sidecar as root:1500; waits until it is in sync.
#                                 SIDECAR_HOSTS_FILE, when set, is the sidecar's --hosts-file (names outside the mesh)
#   sidecar_stop HOST             SIGTERM to the sidecar (it deregisters its Pod), waits for it to exit
#   pod_without_sidecar HOST NS SA LABELS  the Pod object and its status (Running, its IP), as a kubelet writes them
#   cluster_dns HOST NS SVC PORT  for a pod without a sidecar: the Service's names in its /etc/hosts and kube-proxy's
#                                 DNAT from the cluster IP to the first endpoint (cluster DNS and kube-proxy)
#   mount_secret NS SECRET DIR    a Secret's data as files in DIR (a kubelet's secret volume; the key files 0600)
#   curl_result HOST CURL-ARGS... curl -sSI in pod HOST: its status line, or "exit N: curl's message"

DEMO=""
DEMO_FAILS=0
SIDECAR_HOSTS_FILE=""
declare -A SIDECAR_PIDS=()

demo_die() { echo "$DEMO: $*" >&2; exit 1; }

demo_show_logs() {
  local log
  for log in "$MESH_DIR"/*.log; do [ -f "$log" ] && { echo "--- $(basename "$log") (last 40 lines)"; tail -40 "$log"; }; done
}

demo_start() {
  DEMO="$1"
  mesh_require
  # build before making the hosts (Maven inside a namespace has no network); nothing happens when up to date
  "$ROOT/bin/meshgate" --version >/dev/null || demo_die "the build failed"
  mesh_init
  trap 'rc=$?; [ "$rc" -eq 0 ] || demo_show_logs; mesh_cleanup; exit "$rc"' EXIT
}

demo_control_plane() {
  CP_IP=$(mesh_control_plane)
  DATA="$MESH_DIR/data"
  CA="$DATA/ca/ca.crt"
  API="https://$CP_IP:9091"
  # bound to its bridge address: the API serves HTTPS with a certificate of the mesh CA (--api-tls auto)
  mesh_spawn cp meshgate env MESHGATE_DATA_DIR="$DATA" MESHGATE_CONSOLE_PORT=0 "$ROOT/bin/meshgate" up --bind "$CP_IP"
  local pid=$MESH_LAST_PID deadline=$((SECONDS + 120))
  until mesh_exec cp curl -sf -o /dev/null -m 2 --cacert "$CA" "$API/readyz" 2>/dev/null; do
    kill -0 "$pid" 2>/dev/null || demo_die "Meshgate exited (log below)"
    [ "$SECONDS" -lt "$deadline" ] || demo_die "Meshgate did not get ready at $API within 120 s"
    sleep 0.5
  done
  TOKEN=$(cat "$DATA/admin.token")
}

mg() { mesh_exec cp "$ROOT/bin/meshgate" --server "$API" --token "$TOKEN" --ca-file "$CA" "$@" >/dev/null; }
mg_out() { mesh_exec cp "$ROOT/bin/meshgate" --server "$API" --token "$TOKEN" --ca-file "$CA" "$@"; }
api() { mesh_exec cp curl -s -m 10 --cacert "$CA" -H "Authorization: Bearer $TOKEN" "$@"; }

# (or, when the document lacks what EXPR names, "<no EXPR in: the document's start>" and status 1)
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

check() { # name expected actual
  if [ -n "$2" ] && [[ "$3" == *"$2"* ]]; then echo "ok   $1"; else echo "FAIL $1: expected '$2', got '$(echo "$3" | head -3)'"; DEMO_FAILS=$((DEMO_FAILS+1)); fi
}

check_eventually() { # name expected seconds cmd...
  local name="$1" expected="$2" deadline=$((SECONDS + $3)) out; shift 3
  while :; do
    out=$("$@" 2>&1 || true)
    if [ -n "$expected" ] && [[ "$out" == *"$expected"* ]]; then break; fi
    [ "$SECONDS" -lt "$deadline" ] || break
    sleep 0.5
  done
  check "$name" "$expected" "$out"
}

demo_finish() {
  [ "$DEMO_FAILS" -eq 0 ] || { echo "$DEMO: $DEMO_FAILS checks failed"; exit 1; }
  echo "$DEMO: all checks passed"
}

VIEWER_TOKEN=""
viewer_token() {
  [ -z "$VIEWER_TOKEN" ] || return 0
  local answer
  answer=$(api -X POST -H 'Content-Type: application/json' "$API/api/v1/tokens" -d '{"name":"sidecar-init","role":"viewer"}')
  VIEWER_TOKEN=$(json 'd["token"]' <<< "$answer" 2>/dev/null) || demo_die "could not create a viewer token: $answer"
}

proxy_state() { # PROXY: "<kind> <inSync>" of a registered proxy, else "not registered"
  api "$API/api/v1/proxies" \
    | json '" ".join(p["kind"] + " " + str(p["inSync"]) for p in d["items"] if p["name"] == "'"$1"'") or "not registered"'
}

sidecar() { # host namespace serviceaccount labels [--server]
  local host="$1" ns="$2" sa="$3" labels="$4" answer token init=(sidecar-init --proxy-gid 1500)
  answer=$(api -X POST -H 'Content-Type: application/json' "$API/api/v1/tokens" \
    -d "{\"name\":\"sidecar-$ns-$host-$RANDOM\",\"role\":\"sidecar\",\"namespace\":\"$ns\",\"serviceAccount\":\"$sa\"}")
  token=$(json 'd["token"]' <<< "$answer" 2>/dev/null) || demo_die "could not create a sidecar token for $ns/$sa: $answer"
  if [ "${5:-}" = --server ]; then
    # as FSM's init container gets the mesh's lists: read from the MeshConfig (a viewer may read it; a sidecar
    # token may only register its workload). It runs before the rules exist, so it reaches the API directly.
    init+=(--server "$API" --ca-file "$CA")
    viewer_token
    # the token through the environment (MESHGATE_TOKEN), not the command line
    MESHGATE_TOKEN="$VIEWER_TOKEN" mesh_exec "$host" "$ROOT/bin/meshgate" "${init[@]}" \
      >> "$MESH_DIR/$host-sidecar-init.log" 2>&1 || demo_die "meshgate sidecar-init failed in the $host pod (log below)"
  else
    mesh_exec "$host" "$ROOT/bin/meshgate" "${init[@]}" >> "$MESH_DIR/$host-sidecar-init.log" 2>&1 \
      || demo_die "meshgate sidecar-init failed in the $host pod (log below)"
  fi
  # the pod identity as FSM's injector passes it; the token in the environment keeps it out of ps
  mesh_spawn "$host" "$host-sidecar" setpriv --regid=1500 --clear-groups \
    env POD_NAME="$host" POD_NAMESPACE="$ns" POD_IP="$(mesh_ip "$host")" SERVICE_ACCOUNT="$sa" MESHGATE_TOKEN="$token" \
    "$ROOT/bin/meshgate" sidecar --server "$API" --ca-file "$CA" --labels "$labels" --data-dir "$MESH_DIR/$host-sidecar" \
    ${SIDECAR_HOSTS_FILE:+--hosts-file "$SIDECAR_HOSTS_FILE"}
  SIDECAR_PIDS[$host]=$MESH_LAST_PID
  wait_sidecar "$host" "sidecar.$ns.$host"
}

# waits until the sidecar of pod HOST has registered and runs its config; fails at once when it exited
wait_sidecar() { # host proxy-name
  local pid="${SIDECAR_PIDS[$1]}" deadline=$((SECONDS + 90))
  until [ "$(proxy_state "$2")" = "sidecar True" ]; do
    kill -0 "$pid" 2>/dev/null || demo_die "the $1 sidecar exited (log below)"
    [ "$SECONDS" -lt "$deadline" ] || demo_die "the $1 sidecar did not register and apply its config within 90 s: $(proxy_state "$2")"
    sleep 0.5
  done
}

sidecar_stop() { # host
  local pid="${SIDECAR_PIDS[$1]:-}" deadline=$((SECONDS + 20))
  [ -n "$pid" ] || demo_die "no sidecar runs in the $1 pod"
  kill -TERM "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null; do
    [ "$SECONDS" -lt "$deadline" ] || demo_die "the $1 sidecar did not stop within 20 s"
    sleep 0.2
  done
  wait "$pid" 2>/dev/null || true
  unset "SIDECAR_PIDS[$1]"
}

pod_without_sidecar() { # host namespace serviceaccount label(key=value)
  local host="$1" ns="$2" sa="$3" key="${4%%=*}" value="${4#*=}" ip answer
  ip=$(mesh_ip "$host")
  answer=$(api -X PUT -H 'Content-Type: application/json' "$API/api/v1/namespaces/$ns/pods/$host" -d "{
    \"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"$host\",\"namespace\":\"$ns\",\"labels\":{\"$key\":\"$value\"}},
    \"spec\":{\"serviceAccountName\":\"$sa\",\"containers\":[{\"name\":\"$host\",\"image\":\"curlimages/curl\"}]}}")
  json 'd["metadata"]["name"]' <<< "$answer" >/dev/null || demo_die "could not create Pod $ns/$host: $answer"
  answer=$(api -X PATCH -H 'Content-Type: application/merge-patch+json' "$API/api/v1/namespaces/$ns/pods/$host/status" \
    -d "{\"status\":{\"phase\":\"Running\",\"podIP\":\"$ip\",\"podIPs\":[{\"ip\":\"$ip\"}]}}")
  [ "$(json 'd["status"]["podIP"]' <<< "$answer" 2>/dev/null)" = "$ip" ] || demo_die "could not set the status of Pod $ns/$host: $answer"
}

cluster_dns() { # host namespace service port
  local host="$1" ns="$2" svc="$3" port="$4" vip endpoint
  vip=$(api "$API/api/v1/namespaces/$ns/services/$svc" | json 'd["spec"]["clusterIP"]') || demo_die "Service $ns/$svc: $vip"
  endpoint=$(api "$API/api/v1/namespaces/$ns/endpoints/$svc" \
    | json 'd["subsets"][0]["addresses"][0]["ip"] + ":" + str(d["subsets"][0]["ports"][0]["port"])') \
    || demo_die "Service $ns/$svc has no endpoint: $endpoint"
  mesh_hosts_entry "$host" "$vip" "$svc.$ns" "$svc.$ns.svc" "$svc.$ns.svc.cluster.local"
  mesh_kube_proxy "$host" "$vip" "$port" "$endpoint"
}

mount_secret() { # namespace secret directory
  mkdir -p "$3" && chmod 0700 "$3" || demo_die "cannot make $3"
  api "$API/api/v1/namespaces/$1/secrets/$2" | python3 -c '
import base64, json, os, sys
secret = json.load(sys.stdin)
if not secret.get("data"):
    sys.exit("Secret has no data: " + json.dumps(secret)[:200])
for key, value in secret["data"].items():
    path = os.path.join(sys.argv[1], key)
    with open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as f:
        f.write(base64.b64decode(value))' "$3" || demo_die "cannot mount Secret $1/$2"
}

curl_result() { # host curl-args...
  local host="$1" out rc=0; shift
  out=$(mesh_exec "$host" curl -sSI -m 5 "$@" 2>&1) || rc=$?
  if [ "$rc" -eq 0 ]; then echo "$out" | head -1 | tr -d '\r' | sed 's/ *$//'; else echo "exit $rc: $(echo "$out" | head -1)"; fi
}

# The first steps of the access-control demos (6.3, 6.4): the seed's namespaces and manifests (HERE), httpbin
# with its sidecar, curl and intruder as pods outside the mesh reaching httpbin through cluster DNS, and the
# seed's first answer (curl reset, exit 56). Needs the calling script's get().
access_demo_pods() {
  echo "-- deploy httpbin (in the mesh) and curl (outside it)"
  mg apply -f "$HERE/namespaces.yaml"
  without_deployments "$HERE/httpbin.yaml" | mg apply -n httpbin -f -
  mesh_spawn httpbin httpbin python3 "$ROOT/examples/common/httpbin.py" 14001
  mesh_wait 10 mesh_exec httpbin curl -sf -o /dev/null -m 2 http://127.0.0.1:14001/ || demo_die "httpbin did not start"
  sidecar httpbin httpbin httpbin app=httpbin
  without_deployments "$HERE/curl.yaml" | mg apply -n curl -f -
  pod_without_sidecar curl curl curl app=curl
  cluster_dns curl httpbin httpbin 14001
  cluster_dns intruder httpbin httpbin 14001
  check "kubectl wait --for=condition=ready pod -n httpbin -l app=httpbin" "httpbin Running" \
    "$(api "$API/api/v1/namespaces/httpbin/pods?labelSelector=app%3Dhttpbin" | json '" ".join(p["metadata"]["name"] + " " + p["status"]["phase"] for p in d["items"])')"
  check "kubectl wait --for=condition=ready pod -n curl -l app=curl" "curl Running" \
    "$(api "$API/api/v1/namespaces/curl/pods?labelSelector=app%3Dcurl" | json '" ".join(p["metadata"]["name"] + " " + p["status"]["phase"] for p in d["items"])')"

  echo "-- curl -sI http://httpbin.httpbin:14001/get from outside the mesh, no policy"
  # FSM's default MeshConfig (permissive mode on) admits mesh peers only: a caller outside the mesh is reset
  check "command terminated with exit code 56" "exit 56" "$(get curl)"
}
