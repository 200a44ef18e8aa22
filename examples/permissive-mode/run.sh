#!/usr/bin/env bash
# Runs FSM's demo "Permissive Traffic Policy Mode" (seed 6.1) on a mesh without Kubernetes: test hosts in network
# namespaces (examples/common/mesh-hosts.sh), Meshgate in the control-plane namespace serving its API over HTTPS
# with the mesh CA, and an httpbin pod and a curl pod, each with `meshgate sidecar-init` and `meshgate sidecar`.
# Then the seed's steps, plus an SMI TrafficTarget: permissive on -> curl gets 200; off -> curl exits 52 (empty
# reply); TrafficTarget curl -> httpbin -> 200 again. Needs root, ip, iptables and setpriv.
# Exit status 0 when every check passes.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
# shellcheck source=../common/mesh-hosts.sh
source "$ROOT/examples/common/mesh-hosts.sh"
mesh_require

# build before making the hosts (Maven inside a namespace has no network); nothing happens when up to date
"$ROOT/bin/meshgate" --version >/dev/null || { echo "permissive-mode: the build failed" >&2; exit 1; }

mesh_init
show_logs() {
  local log
  for log in "$MESH_DIR"/*.log; do [ -f "$log" ] && { echo "--- $(basename "$log") (last 40 lines)"; tail -40 "$log"; }; done
}
trap 'rc=$?; [ "$rc" -eq 0 ] || show_logs; mesh_cleanup; exit "$rc"' EXIT
die() { echo "permissive-mode: $*" >&2; exit 1; }

CP_IP=$(mesh_control_plane)
HTTPBIN_IP=$(mesh_pod httpbin)
CURL_IP=$(mesh_pod curl)
echo "-- hosts on $MESH_SUBNET: control plane $CP_IP, httpbin pod $HTTPBIN_IP, curl pod $CURL_IP"

# Meshgate bound to its bridge address: the API serves HTTPS with a certificate of the mesh CA (--api-tls auto)
DATA="$MESH_DIR/data"
CA="$DATA/ca/ca.crt"
API="https://$CP_IP:9091"
mesh_spawn cp meshgate env MESHGATE_DATA_DIR="$DATA" MESHGATE_CONSOLE_PORT=0 "$ROOT/bin/meshgate" up --bind "$CP_IP"
ready() { mesh_exec "$1" curl -sf -o /dev/null -m 2 --cacert "$CA" "$API/readyz"; }
mesh_wait 120 ready cp || die "Meshgate did not get ready at $API within 120 s"
TOKEN=$(cat "$DATA/admin.token")
# the CLI (the seed's kubectl), from the control-plane namespace
mg() { mesh_exec cp "$ROOT/bin/meshgate" --server "$API" --token "$TOKEN" --ca-file "$CA" "$@" >/dev/null; }
api() { mesh_exec cp curl -s -m 10 --cacert "$CA" -H "Authorization: Bearer $TOKEN" "$@"; }
# json EXPR: evaluates a Python expression over the JSON document on stdin (d) and prints it
# (or, when the document lacks what it names, "<no EXPR in: the document's start>" and status 1)
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
# the manifests without their Deployments: the "Deployments" are the pod namespaces of this script
without_deployments() {
  python3 -c '
import re, sys
docs = re.split(r"^---[ \t]*$", open(sys.argv[1]).read(), flags=re.M)
print("---".join(d for d in docs if not re.search(r"^kind:[ \t]*Deployment[ \t]*$", d, flags=re.M)))' "$1"
}

fails=0
check() { # name expected actual (an empty expectation fails: it would match anything)
  if [ -n "$2" ] && [[ "$3" == *"$2"* ]]; then echo "ok   $1"; else echo "FAIL $1: expected '$2', got '$(echo "$3" | head -3)'"; fails=$((fails+1)); fi
}
check "API over HTTPS from the pods, trusting the mesh CA" "200" \
  "$(mesh_exec curl curl -s -o /dev/null -w '%{http_code}' -m 5 --cacert "$CA" "$API/readyz")"

echo "-- 1. enable permissive traffic policy mode"
mg patch meshconfig fsm-mesh-config -n fsm-system -p '{"spec":{"traffic":{"enablePermissiveTrafficPolicyMode":true}}}' --type=merge
check "MeshConfig: enablePermissiveTrafficPolicyMode true" "True" \
  "$(api "$API/api/v1/namespaces/fsm-system/meshconfigs/fsm-mesh-config" | json 'd["spec"]["traffic"]["enablePermissiveTrafficPolicyMode"]')"

# a pod: its sidecar token (role sidecar, bound to the pod's namespace and service account), the iptables rules,
# then the sidecar as root with group 1500 (the rules leave that group's traffic alone)
sidecar() { # host namespace serviceaccount labels
  local host="$1" ns="$2" sa="$3" labels="$4" answer token
  answer=$(api -X POST -H 'Content-Type: application/json' "$API/api/v1/tokens" \
    -d "{\"name\":\"sidecar-$ns-$host\",\"role\":\"sidecar\",\"namespace\":\"$ns\",\"serviceAccount\":\"$sa\"}")
  token=$(json 'd["token"]' <<< "$answer" 2>/dev/null) || die "could not create a sidecar token for $ns/$sa: $answer"
  mesh_exec "$host" "$ROOT/bin/meshgate" sidecar-init --proxy-gid 1500 > "$MESH_DIR/$host-sidecar-init.log" 2>&1 \
    || die "meshgate sidecar-init failed in the $host pod (log below)"
  # the pod identity as FSM's injector passes it; the token in the environment keeps it out of ps
  mesh_spawn "$host" "$host-sidecar" setpriv --regid=1500 --clear-groups \
    env POD_NAME="$host" POD_NAMESPACE="$ns" POD_IP="$(mesh_ip "$host")" SERVICE_ACCOUNT="$sa" MESHGATE_TOKEN="$token" \
    "$ROOT/bin/meshgate" sidecar --server "$API" --ca-file "$CA" --labels "$labels" --data-dir "$MESH_DIR/$host-sidecar"
}
proxy_state() { # PROXY: "<kind> <inSync>" of a registered proxy, else "not registered"
  api "$API/api/v1/proxies" \
    | json '" ".join(p["kind"] + " " + str(p["inSync"]) for p in d["items"] if p["name"] == "'"$1"'") or "not registered"'
}
# waits until the sidecar of pod HOST has registered and runs its config; fails at once when it exited
wait_sidecar() { # host proxy-name pid
  local deadline=$((SECONDS + 90))
  until [ "$(proxy_state "$2")" = "sidecar True" ]; do
    kill -0 "$3" 2>/dev/null || die "the $1 sidecar exited (log below)"
    [ "$SECONDS" -lt "$deadline" ] || die "the $1 sidecar did not register and apply its config within 90 s: $(proxy_state "$2")"
    sleep 0.5
  done
}

echo "-- 2. the httpbin namespace, ServiceAccount, Service and pod (httpbin on :14001 with its sidecar)"
mg apply -f "$HERE/namespaces.yaml"
without_deployments "$HERE/httpbin.yaml" | mg apply -n httpbin -f -
mesh_spawn httpbin httpbin python3 "$ROOT/examples/common/httpbin.py" 14001
mesh_wait 10 mesh_exec httpbin curl -sf -o /dev/null -m 2 http://127.0.0.1:14001/ || die "httpbin did not start"
check "the httpbin app answers in its pod" "HTTP/1.1 200" "$(mesh_exec httpbin curl -sI -m 5 http://127.0.0.1:14001 | head -1)"
sidecar httpbin httpbin httpbin app=httpbin
HTTPBIN_SIDECAR=$MESH_LAST_PID
echo "-- 3. the curl namespace, ServiceAccount and pod (with its sidecar)"
without_deployments "$HERE/curl.yaml" | mg apply -n curl -f -
sidecar curl curl curl app=curl
# two JVMs start on a small machine: bounded, but generous
wait_sidecar httpbin sidecar.httpbin.httpbin "$HTTPBIN_SIDECAR"
wait_sidecar curl sidecar.curl.curl "$MESH_LAST_PID"

check "kubectl get pods -n httpbin: the pod Running with its IP" "httpbin Running $HTTPBIN_IP" \
  "$(api "$API/api/v1/namespaces/httpbin/pods" \
     | json '"; ".join(p["metadata"]["name"] + " " + p["status"]["phase"] + " " + p["status"].get("podIP", "") for p in d["items"])')"
check "kubectl get svc -n httpbin: a cluster IP in the service CIDR, port 14001" "yes 14001" \
  "$(api "$API/api/v1/namespaces/httpbin/services/httpbin" | python3 -c '
import ipaddress, json, sys
s = json.load(sys.stdin)["spec"]
ip = s.get("clusterIP", "")
inside = ip != "" and ipaddress.ip_address(ip) in ipaddress.ip_network(sys.argv[1])
print("yes" if inside else "no clusterIP in " + sys.argv[1] + ": " + repr(ip), s["ports"][0]["port"])' "$MESH_SERVICE_CIDR")"

# the seed's client: curl -I http://httpbin.httpbin:14001 in the curl pod (the name through the sidecar's DNS)
head_httpbin() { mesh_exec curl curl -sSI -m 5 http://httpbin.httpbin:14001 2>&1 | head -1 | tr -d '\r'; }
curl_exit() { # curl's exit status for the seed's request
  mesh_exec curl curl -sI -m 5 http://httpbin.httpbin:14001 >/dev/null 2>&1 && echo 0 || echo $?
}
status_of() { # METHOD PATH: the HTTP status the curl pod gets
  mesh_exec curl curl -s -o /dev/null -w '%{http_code}' -m 5 -X "$1" "http://httpbin.httpbin:14001$2" || true
}
answers() { [[ "$(head_httpbin)" == "HTTP/1.1 $1"* ]]; }
exits() { [ "$(curl_exit)" = "$1" ]; }

echo "-- 4. curl -I http://httpbin.httpbin:14001 from the curl pod"
mesh_wait 30 answers 200 || true
check "permissive: HTTP/1.1 200" "HTTP/1.1 200" "$(head_httpbin)"
check "permissive: any method (POST /anything) is let through" "200" "$(status_of POST /anything)"
check "the name resolves through the sidecar's DNS to the Service's cluster IP" \
  "$(api "$API/api/v1/namespaces/httpbin/services/httpbin" | json 'd["spec"]["clusterIP"]' || true)" \
  "$(mesh_exec curl getent ahostsv4 httpbin.httpbin | awk '{print $1; exit}' | grep . || echo "httpbin.httpbin does not resolve")"

echo "-- 5. disable permissive mode: no SMI policy, no access"
mg patch meshconfig fsm-mesh-config -n fsm-system -p '{"spec":{"traffic":{"enablePermissiveTrafficPolicyMode":false}}}' --type=merge
mesh_wait 20 exits 52 || true
check "curl: (52) Empty reply from server" "52" "$(curl_exit)"
check "... as the seed prints it" "curl: (52) Empty reply from server" "$(head_httpbin)"

echo "-- beyond the seed: a TrafficTarget (+HTTPRouteGroup) from curl to httpbin"
mg apply -f "$HERE/traffic-target.yaml"
mesh_wait 20 answers 200 || true
check "TrafficTarget: HTTP/1.1 200 again" "HTTP/1.1 200" "$(head_httpbin)"
check "TrafficTarget: GET /get (in the route group) 200" "200" "$(status_of GET /get)"
check "TrafficTarget: POST /anything (not in the route group) 403" "403" "$(status_of POST /anything)"

echo "-- beyond the seed: meshgate proxy get stats httpbin -n httpbin (FSM's fsm proxy get), read on the pod IP"
STATS=$(mesh_exec cp "$ROOT/bin/meshgate" --server "$API" --token "$TOKEN" --ca-file "$CA" proxy get stats httpbin -n httpbin 2>&1 || true)
check "the inbound cluster counted the requests above" "cluster.inbound|14001.upstream_rq_total: " \
  "$(grep -E '^cluster\.inbound\|14001\.upstream_rq_total: [1-9][0-9]*$' <<< "$STATS" \
     || echo "no non-zero line; inbound lines: $(grep inbound <<< "$STATS" | head -4 | tr '\n' ';') $(head -2 <<< "$STATS")")"
check "the admin's reads beyond loopback need the secret: 401 without it" "401" \
  "$(mesh_exec cp curl -s -o /dev/null -w '%{http_code}' -m 5 "http://$HTTPBIN_IP:15000/stats" || true)"

for proxy in sidecar.httpbin.httpbin sidecar.curl.curl; do
  check "$proxy registered, kind sidecar, in sync with its last config" "sidecar True" "$(proxy_state "$proxy")"
done

[ "$fails" -eq 0 ] || { echo "permissive-mode: $fails checks failed"; exit 1; }
echo "permissive-mode: all checks passed"
