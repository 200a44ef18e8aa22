#!/usr/bin/env bash
# Runs FSM's demo "Local rate limiting of HTTP requests" (seed 1.7) on a mesh without Kubernetes: test hosts in
# network namespaces (examples/common/mesh-hosts.sh), Meshgate in the control-plane namespace, a fortio pod (the
# HTTP server of examples/common/fortio.py on 8080) and a fortio-client pod, each with `meshgate sidecar-init` and
# `meshgate sidecar`. Then the seed's steps: permissive mode; `fortio load -c 3 -n 10 http://...:8080` all 200;
# 3 requests per minute on the virtual host: Code 200 : 3, Code 429 : 7 and
# http_local_rate_limiter.http_local_rate_limit.rate_limited: 7; a burst of 10: all 200, the counter unchanged;
# the limit on the route .* instead: 3 and 7 again, the counter at 14. Beyond the seed: the configured answer of
# a limited request and a route path that is no route. Needs root, ip, iptables and setpriv.
# Exit status 0 when every check passes.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
FORTIO="$ROOT/examples/common/fortio.py"
# shellcheck source=../common/mesh-hosts.sh
source "$ROOT/examples/common/mesh-hosts.sh"
# shellcheck source=../common/mesh-policy-demo.sh
source "$ROOT/examples/common/mesh-policy-demo.sh"

demo_start rate-limit-http
demo_control_plane
echo "-- hosts on $MESH_SUBNET: control plane $CP_IP, fortio pod $(mesh_pod fortio), fortio-client pod $(mesh_pod fortio-client)"

echo "-- 1. permissive traffic policy mode"
mg patch meshconfig fsm-mesh-config -n fsm-system --type=merge \
  -p '{"spec":{"traffic":{"enablePermissiveTrafficPolicyMode":true}}}'

echo "-- 2. the demo namespace, the fortio Service and pod (HTTP on 8080, with its sidecar)"
mg apply -f "$HERE/namespaces.yaml"
without_deployments "$HERE/fortio.yaml" | mg apply -n demo -f -
mesh_spawn fortio fortio python3 "$FORTIO" server --http-port 8080 --tcp-port 8078
mesh_wait 10 mesh_exec fortio curl -sf -o /dev/null -m 2 http://127.0.0.1:8080/ || demo_die "fortio did not start"
sidecar fortio demo fortio app=fortio
echo "-- 3. the fortio-client pod (with its sidecar)"
without_deployments "$HERE/fortio-client.yaml" | mg apply -n demo -f -
sidecar fortio-client demo fortio-client app=fortio-client

load() { mesh_exec fortio-client python3 "$FORTIO" load -c 3 -n 10 http://fortio.demo.svc.cluster.local:8080; }
outcome() { grep -E '^(Code |Sockets used)' <<< "$1" | sed 's/^/     /'; }
stats() { mg_out proxy get stats fortio -n demo 2>&1 | grep 'http_local_rate_limiter.http_local_rate_limit.rate_limited' || true; }
config_has() { # "yes" when the fortio sidecar's running config holds the text $1
  local found
  found=$(mg_out proxy get config_dump fortio -n demo 2>&1 | grep -cF -- "$1" || true)
  [ "${found:-0}" -gt 0 ] && echo yes || echo no
}
conditions() {
  api "$API/api/v1/namespaces/demo/upstreamtrafficsettings/http-rate-limit" \
    | json '" ".join(c["type"] + "=" + c["status"] + "/" + c["reason"] + ": " + c["message"] for c in d["status"]["conditions"] if c["type"] == "RateLimit")' || true
}

echo "-- 4. fortio load -c 3 -n 10 http://fortio.demo.svc.cluster.local:8080 (no policy yet)"
check_eventually "the client reaches the HTTP server" "Code 200 : 10 (100.0 %)" 30 load
outcome "$(load)"

echo "-- 5. UpstreamTrafficSetting http-rate-limit: 3 requests per minute on the virtual host"
mg apply -f "$HERE/http-rate-limit.yaml"
check_eventually "fsm proxy get stats fortio | grep http_local_rate_limit: the line at 0 once the limit applies" \
  "http_local_rate_limiter.http_local_rate_limit.rate_limited: 0" 30 stats
check_eventually "http-rate-limit reports RateLimit=True (Applied)" "RateLimit=True/Applied" 20 conditions

echo "-- 6. the same load: 3 requests go through, 7 are limited"
OUT=$(load)
outcome "$OUT"
check "Code 200 : 3 (30.0 %)" "Code 200 : 3 (30.0 %)" "$OUT"
check "Code 429 : 7 (70.0 %)" "Code 429 : 7 (70.0 %)" "$OUT"
check "http_local_rate_limiter.http_local_rate_limit.rate_limited: 7" \
  "http_local_rate_limiter.http_local_rate_limit.rate_limited: 7" "$(stats)"

echo "-- 7. the policy with a burst of 10"
mg apply -f "$HERE/http-rate-limit-burst.yaml"
check_eventually "the fortio sidecar runs the burst (a bucket of 10)" "yes" 30 config_has '"burst" : 10'

echo "-- 8. the same load: the burst lets all 10 through"
OUT=$(load)
outcome "$OUT"
check "Code 200 : 10 (100.0 %)" "Code 200 : 10 (100.0 %)" "$OUT"
check "the counter has not increased" "http_local_rate_limiter.http_local_rate_limit.rate_limited: 7" "$(stats)"

echo "-- 9. the policy on the HTTP route .* instead of the virtual host"
mg apply -f "$HERE/http-rate-limit-route.yaml"
check_eventually "the fortio sidecar runs the route limit" "yes" 30 config_has '"scope" : "ROUTE"'

echo "-- 10. the same load: 3 requests go through, 7 are limited, per route"
OUT=$(load)
outcome "$OUT"
check "Code 200 : 3 (30.0 %)" "Code 200 : 3 (30.0 %)" "$OUT"
check "Code 429 : 7 (70.0 %)" "Code 429 : 7 (70.0 %)" "$OUT"
STATS=$(stats)
echo "$STATS" | sed 's/^/     /'
check "http_local_rate_limiter.http_local_rate_limit.rate_limited: 14 (7 + 7)" \
  "http_local_rate_limiter.http_local_rate_limit.rate_limited: 14" "$STATS"
check "per bucket in the Prometheus lines: the route's 7" "scope=throttle_route}: 7" \
  "$(mg_out proxy get stats fortio -n demo 2>&1 | grep 'meshgate_ratelimit_limited_total{kind=http' || true)"

echo "-- beyond the seed: the answer of a limited request, and a route path that is no route"
mg apply -f "$HERE/http-rate-limit-custom.yaml"
check_eventually "the fortio sidecar runs the custom answer" "yes" 30 config_has '"x-rate-limited" : "by-meshgate"'
check_eventually "RateLimit=True, the path /nowhere/.* reported as no route" "is no inbound route of the Service" 20 conditions
client() { mesh_exec fortio-client curl -s -D - -o /dev/null -m 5 http://fortio.demo.svc.cluster.local:8080/echo | tr -d '\r'; }
check "the first request of the hour: 200" "HTTP/1.1 200" "$(client | head -1)"
LIMITED=$(client)
check "the next: 503" "HTTP/1.1 503" "$(head -1 <<< "$LIMITED")"
check "with x-rate-limited: by-meshgate" "x-rate-limited: by-meshgate" "$LIMITED"
check "requests: 0 refused at apply time, with the field" "spec.rateLimit.local.http.requests" \
  "$(sed 's/requests: 3/requests: 0/; s/name: http-rate-limit/name: zero/' "$HERE/http-rate-limit.yaml" | mg_out apply -f - 2>&1 || true)"

demo_finish
