#!/usr/bin/env bash
# Runs FSM's demo "Circuit breaking for destinations within the mesh" (seed 1.5) on a mesh without Kubernetes: test
# hosts in network namespaces (examples/common/mesh-hosts.sh), Meshgate in the control-plane namespace, a fortio
# server pod (examples/common/fortio.py server: /echo?status=511:20, ?delay=200ms:20) and a fortio client pod, each
# with `meshgate sidecar-init` and `meshgate sidecar`, permissive mode. The seed's steps: the load without a policy
# (about 20 % 511), then its four UpstreamTrafficSettings in order, each followed by the seed's
# `fortio load -c 10 -n 1000 -qps 200`: error count 100 (about 500 requests reach the server, then 503
# "Service Unavailable!"), error ratio 0.10 (503 from the 200th request on), slow count 100 and slow ratio 0.1 with
# 20 % of the requests delayed 200 ms. Checks allow what a real run varies by (10 client threads in flight when the
# breaker opens); fortio.py spreads the 511s and delays evenly, so the counts are tight. Beyond the seed: the
# sidecar's [circuit_breaker] log line and its /stats lines, the breaker closing after degradedTimeWindow, the
# setting's Accepted condition, bad settings refused at apply time with the field.
# Needs root, ip, iptables and setpriv. Exit status 0 when every check passes.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
# shellcheck source=../common/mesh-hosts.sh
source "$ROOT/examples/common/mesh-hosts.sh"
# shellcheck source=../common/mesh-policy-demo.sh
source "$ROOT/examples/common/mesh-policy-demo.sh"

CLUSTER='server/fortio|8080'
URL=http://fortio.server.svc.cluster.local:8080/echo

demo_start circuit-breaking
demo_control_plane
echo "-- hosts on $MESH_SUBNET: control plane $CP_IP, fortio pod $(mesh_pod fortio), client pod $(mesh_pod client)"

# the seed's `kubectl exec "$fortio_client" -- fortio load ...`: fortio.py's summary (Code lines, targets)
load() { mesh_exec client timeout 60 python3 "$ROOT/examples/common/fortio.py" load "$@"; }
# count CODE OUTPUT: N of "Code CODE : N (x %)", 0 when the code is absent
count() { python3 -c '
import re, sys
m = re.search(r"^Code " + sys.argv[1] + r" : (\d+) ", sys.argv[2], re.M)
print(m.group(1) if m else 0)' "$1" "$2"; }
# within NAME VALUE LOW HIGH: a check that LOW <= VALUE <= HIGH
within() {
  if [ "$2" -ge "$3" ] && [ "$2" -le "$4" ]; then check "$1" "in" "in ($2)"; else check "$1" "$3..$4" "$2"; fi
}
stats() { mg_out proxy get stats client -n client 2>&1 | grep -F "cluster.$CLUSTER." || true; }
# the same lines straight from the client sidecar's admin listener (loopback in its pod): no CLI JVM to start,
# for checks that must land within the breaker's 10 s
admin_stats() { mesh_exec client curl -s -m 5 http://127.0.0.1:15000/stats | grep -F "cluster.$CLUSTER." || true; }
# the value of circuitBreaker.FIELD of the client sidecar's fortio|8080 cluster, from its config dump
breaker_field() {
  mg_out proxy get config_dump client -n client 2>/dev/null | python3 -c '
import json, sys
def clusters(node):
    if isinstance(node, dict):
        if node.get("name") == sys.argv[1] and "endpoints" in node:
            yield node
        for value in node.values():
            yield from clusters(value)
    elif isinstance(node, list):
        for value in node:
            yield from clusters(value)
try:
    doc = json.load(sys.stdin)
except ValueError:
    sys.exit("no config dump")
for c in clusters(doc):
    print((c.get("circuitBreaker") or {}).get(sys.argv[2], "none"))
    break' "$CLUSTER" "$1" || true
}
setting_conditions() {
  api "$API/api/v1/namespaces/server/upstreamtrafficsettings/http-circuit-breaking" \
    | json '" ".join(c["type"] + "=" + c["status"] for c in d["status"]["conditions"])' || true
}
breaker_log() { grep -F "[circuit_breaker] total/slowAmount/errorAmount ($1) $CLUSTER" "$MESH_DIR/client-sidecar.log" || true; }
# apply_policy NAME FIELD VALUE: the seed's kubectl apply, then wait until the client sidecar runs it
apply_policy() {
  mg apply -f "$HERE/policy-$1.yaml"
  check_eventually "the client sidecar's $CLUSTER cluster has $2 $3" "$3" 20 breaker_field "$2"
}

echo "-- 1. permissive traffic policy mode"
mg patch meshconfig fsm-mesh-config -n fsm-system --type=merge -p '{"spec":{"traffic":{"enablePermissiveTrafficPolicyMode":true}}}'

echo "-- 2. the server namespace, the fortio Service and pod (fortio.py server with its sidecar)"
mg apply -f "$HERE/namespaces.yaml"
without_deployments "$HERE/fortio.yaml" | mg apply -n server -f -
mesh_spawn fortio fortio python3 "$ROOT/examples/common/fortio.py" server
mesh_wait 10 mesh_exec fortio curl -sf -o /dev/null -m 2 http://127.0.0.1:8080/echo || demo_die "fortio server did not start"
sidecar fortio server default app=fortio
echo "-- 3. the client namespace and pod (with its sidecar)"
without_deployments "$HERE/fortio-client.yaml" | mg apply -n client -f -
sidecar client client fortio-client app=fortio-client
check_eventually "curl fortio.server.svc.cluster.local:8080 from the client pod: 200" "HTTP/1.1 200" 30 \
  curl_result client "$URL"

echo "-- 4. fortio load -quiet -c 10 -n 1000 -qps 200 -p 99.99 $URL?status=511:20 (no policy)"
OUT=$(load -quiet -c 10 -n 1000 -qps 200 -p 99.99 "$URL?status=511:20")
echo "$OUT" | grep -E '^(Code|Sockets|All done)' | sed 's/^/     /'
within "Code 511: about 20 % (seed: 196)" "$(count 511 "$OUT")" 180 220
within "Code 200: the rest (seed: 804)" "$(count 200 "$OUT")" 780 820

echo "-- 5. policy: error request count triggers the circuit breaker (errorAmountThreshold 100)"
apply_policy error-amount errorAmountThreshold 100
check_eventually "the UpstreamTrafficSetting is Accepted" "Accepted=True" 20 setting_conditions
check "the client sidecar prints the breaker's lines at 0" "cluster.$CLUSTER.circuit_breakers.open: 0" "$(stats)"
OUT=$(load -quiet -c 10 -n 1000 -qps 200 -p 99.99 "$URL?status=511:20")
echo "$OUT" | grep -E '^(Code|Sockets|All done)' | sed 's/^/     /'
# the seed: 430 x 200, 100 x 511, 470 x 503 (the breaker opened at the 530th request with 100 errors)
within "Code 511: about 100, the threshold (seed: 100)" "$(count 511 "$OUT")" 90 110
within "Code 200: well below 800 (seed: 430)" "$(count 200 "$OUT")" 300 480
within "Code 503: the rest, answered by the client sidecar (seed: 470)" "$(count 503 "$OUT")" 400 600
# at once: the breaker closes 10 s (degradedTimeWindow) after it opened
check "curl while open: 503 with the degradedResponseContent, from the client sidecar" "Service Unavailable! 503" \
  "$(mesh_exec client curl -s -m 5 -w ' %{http_code}' "$URL")"
STATS=$(admin_stats)
check "the sidecar's log: [circuit_breaker] total/slowAmount/errorAmount (open) $CLUSTER ... 0 100" " 0 100" "$(breaker_log open)"
breaker_log open | tail -1 | sed 's/^/     /'
echo "$STATS" | sed 's/^/     /'
check "stats: cluster.$CLUSTER.circuit_breakers.open: 1" "cluster.$CLUSTER.circuit_breakers.open: 1" "$STATS"
check "stats: cluster.$CLUSTER.circuit_breakers.opened: 1" "cluster.$CLUSTER.circuit_breakers.opened: 1" "$STATS"
check "stats: upstream_rq_circuit_open counts the 503s (the load's and curl's)" \
  "cluster.$CLUSTER.upstream_rq_circuit_open: $(( $(count 503 "$OUT") + 1 ))" "$STATS"
check "meshgate proxy get stats client -n client (the seed's fsm proxy get stats) prints the same count" \
  "cluster.$CLUSTER.upstream_rq_circuit_open: $(( $(count 503 "$OUT") + 1 ))" "$(stats)"

echo "-- 6. policy: error rate triggers the circuit breaker (errorRatioThreshold 0.10)"
apply_policy error-ratio errorRatioThreshold 0.1
OUT=$(load -quiet -c 10 -n 1000 -qps 200 -p 99.99 "$URL?status=511:20")
echo "$OUT" | grep -E '^(Code|Sockets|All done)' | sed 's/^/     /'
# the seed: 164 x 200, 36 x 511, 800 x 503: open as soon as 200 requests completed
within "Code 503: at least 70 %, from about the 200th request (seed: 800)" "$(count 503 "$OUT")" 700 820
within "Code 511: about 20 % of the first 200 (seed: 36)" "$(count 511 "$OUT")" 30 50
check "the sidecar's log: [circuit_breaker] ... (open) $CLUSTER 20x ..." "$CLUSTER 20" "$(breaker_log open | tail -1)"
breaker_log open | tail -1 | sed 's/^/     /'

echo "-- 7. policy: slow call request count triggers the circuit breaker (slowTimeThreshold 200ms, slowAmountThreshold 100)"
apply_policy slow-amount slowAmountThreshold 100
OUT=$(load -quiet -c 10 -n 1000 -qps 200 -p 50,78,79,80,81,82,90,95 "$URL?delay=200ms:20")
echo "$OUT" | grep -E '^(Code|Sockets|All done|# target)' | sed 's/^/     /'
# the seed: 504 x 200, 496 x 503 (100 slow requests at the 504th)
within "Code 200: about 500 (seed: 504)" "$(count 200 "$OUT")" 450 560
within "Code 503: the rest (seed: 496)" "$(count 503 "$OUT")" 440 550
check "the sidecar's log: [circuit_breaker] ... (open) $CLUSTER ... 100 0" " 100 0" "$(breaker_log open | tail -1)"
breaker_log open | tail -1 | sed 's/^/     /'

echo "-- 8. policy: slow call rate triggers the circuit breaking (slowRatioThreshold 0.1)"
apply_policy slow-ratio slowRatioThreshold 0.1
OUT=$(load -quiet -c 10 -n 1000 -qps 200 -p 50,78,79,80,81,82,90,95 "$URL?delay=200ms:20")
echo "$OUT" | grep -E '^(Code|Sockets|All done|# target)' | sed 's/^/     /'
# the seed: 202 x 200, 798 x 503
within "Code 503: at least 70 % (seed: 798)" "$(count 503 "$OUT")" 700 810
within "Code 200: about the 200 of minRequestAmount (seed: 202)" "$(count 200 "$OUT")" 190 300
breaker_log open | tail -1 | sed 's/^/     /'

echo "-- beyond the seed: the breaker closes after degradedTimeWindow (10s) and the server answers again"
check_eventually "curl $URL: 200 within 15 s" "HTTP/1.1 200" 15 curl_result client "$URL"
check "the sidecar's log: [circuit_breaker] ... (close) $CLUSTER" "(close) $CLUSTER" "$(breaker_log close)"

echo "-- beyond the seed: settings the proxy cannot apply are refused at apply time, with the field"
check "errorRatioThreshold 1.5: spec.connectionSettings.http.circuitBreaking.errorRatioThreshold" \
  "spec.connectionSettings.http.circuitBreaking.errorRatioThreshold" \
  "$(sed 's/errorRatioThreshold: 0.10/errorRatioThreshold: 1.5/' "$HERE/policy-error-ratio.yaml" | mg_out apply -f - 2>&1 || true)"
check "no threshold: spec.connectionSettings.http.circuitBreaking needs one" \
  "spec.connectionSettings.http.circuitBreaking" \
  "$(grep -v 'errorRatioThreshold' "$HERE/policy-error-ratio.yaml" | mg_out apply -f - 2>&1 || true)"

demo_finish
