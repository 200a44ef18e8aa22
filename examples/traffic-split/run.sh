#!/usr/bin/env bash
# Runs FSM's demo "Canary Rollouts using SMI Traffic Split" (seed 1.4) on a mesh without Kubernetes: test hosts in
# network namespaces (examples/common/mesh-hosts.sh), Meshgate in the control-plane namespace, pods httpbin-v1 and
# httpbin-v2 (hi.py answering "Hi, I am v1!" / "Hi, I am v2!", the seed's pipy one-liners) and curl, each with
# `meshgate sidecar-init` and `meshgate sidecar`. The seed's steps, with N requests counted per step instead of
# four: v1 only; the default split (100/0) keeps v2 out once deployed; 75/25; GET /test split 75/25 while GET
# /demo stays on v1. Beyond the seed: a request no split's match takes goes to the root Service (both versions),
# 50/50 (and the console's live traffic of it, from the curl sidecar's counters through the API), weight 0 takes v1 out, a TCP port's split (the config; see below), and the splits' status conditions. Shares are checked within +-15 points of the
# weights (weighted random choice per request: at N=200 that is more than 4 standard deviations).
# Needs root, ip, iptables and setpriv. Exit status 0 when every check passes.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
# shellcheck source=../common/mesh-hosts.sh
source "$ROOT/examples/common/mesh-hosts.sh"
# shellcheck source=../common/mesh-policy-demo.sh
source "$ROOT/examples/common/mesh-policy-demo.sh"

N=${TRAFFIC_SPLIT_REQUESTS:-200}
TOLERANCE=15 # percentage points

demo_start traffic-split
demo_control_plane
V1_IP=$(mesh_pod httpbin-v1)
V2_IP=$(mesh_pod httpbin-v2)
CURL_IP=$(mesh_pod curl)
echo "-- hosts on $MESH_SUBNET: control plane $CP_IP, httpbin-v1 pod $V1_IP, httpbin-v2 pod $V2_IP, curl pod $CURL_IP"

# the seed's `kubectl exec curl -- curl -s httpbin.httpbin:8080 ...`: COUNT requests on one connection (curl
# reuses it for every URL; the sidecar routes each request on its own), printed as "v1=A v2=B other=C"
answers() { # count [path] [curl args...]
  local count="$1" path="${2:-}" urls=() i; shift; [ $# -gt 0 ] && shift
  for ((i = 0; i < count; i++)); do urls+=("http://httpbin.httpbin:8080$path"); done
  mesh_exec curl curl -s -m 30 "$@" "${urls[@]}" | python3 -c '
import sys
text = sys.stdin.read()
v1, v2 = text.count("Hi, I am v1!\n"), text.count("Hi, I am v2!\n")
other = len(text.splitlines()) - v1 - v2
print(f"v1={v1} v2={v2} other={other}")'
}
# share PERCENT_V2 COUNTS: "within" when v2's share of COUNTS is PERCENT_V2 +- TOLERANCE points (exactly, for 0 and
# 100) and nothing else answered, else what it was
share() {
  python3 -c '
import re, sys
want, tolerance, counts = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
m = re.fullmatch(r"v1=(\d+) v2=(\d+) other=(\d+)", counts)
if not m:
    print("no answers: " + counts); sys.exit()
v1, v2, other = map(int, m.groups())
total = v1 + v2 + other
got = 100.0 * v2 / total if total else -1
# 0 and 100 are exact: a backend of weight 0 gets nothing at all
ok = other == 0 and total > 0 and (got == want if want in (0, 100) else abs(got - want) <= tolerance)
print(f"within ({counts}: v2 {got:.1f} %)" if ok else f"v2 {got:.1f} % of {total}, other {other} ({counts})")' "$1" "$TOLERANCE" "$2"
}
# check_share NAME PERCENT_V2 ANSWERS-ARGS...: the check, its name followed by the counts
check_share() {
  local name="$1" want="$2" result; shift 2
  result=$(share "$want" "$(answers "$@")")
  check "$name: ${result#within }" "within" "$result"
}
# the routes of the curl sidecar's outbound rule for httpbin:8080, read from its admin on loopback, as
# "route -> cluster=weight,...; ..." (what the control plane last sent it)
routes() {
  mesh_exec curl curl -s -m 5 http://127.0.0.1:15000/config_dump | python3 -c '
import json, sys
config = json.load(sys.stdin)
for listener in config.get("listeners", []):
    for rule in listener.get("destinations") or []:
        if rule["name"] == "httpbin/httpbin|8080":
            print("; ".join(r["name"].replace("httpbin/httpbin|8080", "") + " -> "
                            + ",".join(c["cluster"] + "=" + str(c["weight"]) for c in r["clusters"])
                            for vh in rule["virtualHosts"] for r in vh["routes"]))'
}
condition() { # split type: "<status> <reason>: <message>" of that condition on TrafficSplit httpbin/<split>
  mg_out get trafficsplit "$1" -n httpbin -o json | json '" ".join(c["status"] + " " + c["reason"] + ": " + c["message"] for c in d.get("status", {}).get("conditions", []) if c["type"] == "'"$2"'") or "no condition '"$2"'"'
}
pod() { # host labels message: the pod's app and its sidecar (ServiceAccount default, as the seed's Deployments)
  mesh_spawn "$1" "$1" python3 "$HERE/hi.py" "$3" 8080
  mesh_wait 10 mesh_exec "$1" curl -sf -o /dev/null -m 2 http://127.0.0.1:8080/ || demo_die "the $1 app did not start"
  sidecar "$1" httpbin default "$2"
}

echo "-- the mesh as FSM installs it (permissive traffic policy mode on)"
mg patch meshconfig fsm-mesh-config -n fsm-system -p '{"spec":{"traffic":{"enablePermissiveTrafficPolicyMode":true}}}' --type=merge
mg apply -f "$HERE/namespaces.yaml"

echo "-- deploy httpbin-v1 (Service httpbin) and curl"
without_deployments "$HERE/httpbin-v1.yaml" | mg apply -n httpbin -f -
pod httpbin-v1 app=pipy,version=v1 "Hi, I am v1!"
without_deployments "$HERE/curl.yaml" | mg apply -n curl -f -
sidecar curl curl default app=curl
check_eventually "curl -s httpbin.httpbin:8080 (x4): Hi, I am v1!" "v1=4 v2=0 other=0" 30 answers 4

echo "-- Service httpbin-v1 and the default TrafficSplit (httpbin-v1 100)"
mg apply -n httpbin -f "$HERE/httpbin-v1-service.yaml"
mg apply -n httpbin -f "$HERE/split-v1.yaml"
check_eventually "the curl sidecar routes httpbin:8080 by the split" "|split|httpbin-split -> httpbin/httpbin-v1|8080=100" 20 routes
check "TrafficSplit httpbin-split: Accepted" "True Accepted: the sidecars split the traffic to httpbin/httpbin by weight" \
  "$(condition httpbin-split Accepted)"

echo "-- deploy httpbin-v2 (Service httpbin now selects both pods)"
without_deployments "$HERE/httpbin-v2.yaml" | mg apply -n httpbin -f -
pod httpbin-v2 app=pipy,version=v2 "Hi, I am v2!"
both_endpoints() { api "$API/api/v1/namespaces/httpbin/endpoints/httpbin" | json '" ".join(sorted(a["ip"] for s in d.get("subsets", []) for a in s.get("addresses", [])))'; }
check_eventually "Endpoints httpbin: both pods" "$(printf '%s\n' "$V1_IP" "$V2_IP" | sort | xargs)" 20 both_endpoints
check_share "v1 still handles every request: 100/0" 0 "$N"

echo "-- canary release: httpbin-v1 75, httpbin-v2 25"
mg apply -n httpbin -f "$HERE/split-canary.yaml"
check_eventually "the curl sidecar has the new weights" "httpbin/httpbin-v1|8080=75,httpbin/httpbin-v2|8080=25" 20 routes
check_share "1/4 of the requests go to v2 (+-$TOLERANCE points)" 25 "$N"

echo "-- advanced canary release: HTTPRouteGroups httpbin-test (GET /test) and httpbin-all (GET .*)"
mg apply -n httpbin -f "$HERE/route-groups.yaml"
mg apply -n httpbin -f "$HERE/split-matches.yaml"
check_eventually "the curl sidecar: GET /test split, other GETs to v1, the rest to the root" \
  "|split|httpbin-split|httpbin-test|test -> httpbin/httpbin-v1|8080=75,httpbin/httpbin-v2|8080=25; |split|httpbin-all|httpbin-all|test -> httpbin/httpbin-v1|8080=100;  -> httpbin/httpbin|8080=1" 20 routes
check_share "GET /test: 1/4 to v2 (+-$TOLERANCE points)" 25 "$N" /test
check_share "GET /demo: all to v1" 0 "$N" /demo
check_share "beyond the seed: POST /demo (no split's match) goes to the root Service, both versions (50 +-$TOLERANCE)" \
  50 "$N" /demo -X POST
check "TrafficSplit httpbin-split: Accepted, for its matches" "True Accepted: the sidecars split the requests of its matches" \
  "$(condition httpbin-split Accepted)"

echo "-- beyond the seed: the canary's next steps (httpbin-all deleted, every request split)"
mg delete trafficsplit httpbin-all -n httpbin
mg apply -n httpbin -f "$HERE/split-half.yaml"
check_eventually "the curl sidecar: 50/50" "|split|httpbin-split -> httpbin/httpbin-v1|8080=50,httpbin/httpbin-v2|8080=50" 20 routes
check_share "50/50: half to v2 (+-$TOLERANCE points)" 50 "$N"

echo "-- beyond the seed: the console's live traffic of the split, read by the control plane from the curl sidecar's counters"
# GET .../trafficsplits/httpbin-split/traffic: "within" when both backends' shares of the requests/s are 50 +- TOLERANCE
# points and the curl sidecar is the proxy that sent them, else what it answered
live_shares() {
  api "$API/api/v1/namespaces/httpbin/trafficsplits/httpbin-split/traffic?window=60s" | python3 -c '
import json, sys
tolerance = int(sys.argv[1])
d = json.load(sys.stdin)
backends = {b["service"]: b for b in d.get("backends", [])}
got = " ".join("%s %.1f %% (%s req/s, from %s)" % (s, 100 * b["share"], b["requestsPerSecond"],
                                                   ",".join(b["proxies"]) or "none") for s, b in backends.items())
ok = set(backends) == {"httpbin-v1", "httpbin-v2"} and all(
    abs(100 * b["share"] - 50) <= tolerance and b["proxies"] == ["sidecar.curl.curl"] for b in backends.values())
print("within (" + got + ")" if ok else got or json.dumps(d))' "$TOLERANCE"
}
api "$API/api/v1/namespaces/httpbin/trafficsplits/httpbin-split/traffic" >/dev/null # the first reading: counters before
sleep 1 # the control plane reads a proxy at most once a second
answers "$N" >/dev/null
check_eventually "live traffic: httpbin-v1 and httpbin-v2 each 50 +-$TOLERANCE % of the requests/s, sent by sidecar.curl.curl" \
  "within" 10 live_shares
mg apply -n httpbin -f "$HERE/split-v2.yaml"
check_eventually "the curl sidecar: httpbin-v1 weight 0" "httpbin/httpbin-v1|8080=0,httpbin/httpbin-v2|8080=100" 20 routes
check_share "weight 0 takes httpbin-v1 out: all to v2" 100 "$N"

echo "-- beyond the seed: a TCP port (appProtocol: tcp) split 50/50 by connection (the sidecar's config)"
mg apply -n httpbin -f "$HERE/tcp-split.yaml"
tcp_cluster() {
  mesh_exec curl curl -s -m 5 http://127.0.0.1:15000/config_dump | python3 -c '
import json, sys
config = json.load(sys.stdin)
names = {c["name"]: c for c in config.get("clusters", [])}
for listener in config.get("listeners", []):
    for rule in listener.get("destinations") or []:
        if rule["name"] == "httpbin/httpbin-tcp|9000":
            cluster = names.get(rule["cluster"], {})
            print(rule["cluster"], " ".join(e["address"] + "=" + str(e["weight"]) for e in cluster.get("endpoints", [])))'
}
check_eventually "the curl sidecar relays httpbin-tcp:9000 to the split's cluster, 5000 per backend's one endpoint" \
  "httpbin/httpbin-tcp|9000|split $V1_IP=5000 $V2_IP=5000" 30 tcp_cluster
# The connections of a TCP split are counted with real connections in examples/tcp-routing (through both sidecars'
# mTLS); here the config is enough.

echo "-- beyond the seed: what the sidecars report on a split they cannot fully apply"
mg apply -n httpbin -f - <<'YAML'
apiVersion: split.smi-spec.io/v1alpha4
kind: TrafficSplit
metadata:
  name: httpbin-typo
spec:
  service: httpbin-v9
  backends:
  - service: httpbin-v1
    weight: 1
YAML
check_eventually "a split whose root Service is missing: Accepted False ServiceNotFound" \
  "False ServiceNotFound: spec.service: Service httpbin/httpbin-v9 not found" 20 condition httpbin-typo Accepted
refused=$(mesh_exec cp "$ROOT/bin/meshgate" --server "$API" --token "$TOKEN" --ca-file "$CA" apply -n httpbin -f - 2>&1 <<'YAML' || true
apiVersion: split.smi-spec.io/v1alpha4
kind: TrafficSplit
metadata:
  name: httpbin-zero
spec:
  service: httpbin
  backends:
  - service: httpbin-v1
    weight: 0
  - service: httpbin-v2
    weight: -1
YAML
)
check "negative weights are refused at apply time, by field" "spec.backends[1].weight" "$refused"

for proxy in sidecar.httpbin.httpbin-v1 sidecar.httpbin.httpbin-v2 sidecar.curl.curl; do
  check "$proxy registered, kind sidecar, in sync with its last config" "sidecar True" "$(proxy_state "$proxy")"
done
demo_finish
