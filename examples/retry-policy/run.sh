#!/usr/bin/env bash
# Runs FSM's demo "Retry Policy" (seed 1.2) on a mesh without Kubernetes: test hosts in network namespaces
# (examples/common/mesh-hosts.sh), Meshgate in the control-plane namespace, an httpbin pod and a curl pod, each with
# `meshgate sidecar-init` and `meshgate sidecar`. Then the seed's steps: permissive mode and
# featureFlags.enableRetryPolicy on, the seed's Retry (5xx, numRetries 5, perTryTimeout 1s, back-off base 1s),
# curl -sI .../status/503 -> 503 after the retries, the curl sidecar's upstream_rq_retry* lines with Envoy's counts,
# /status/404 not retried; beyond the seed: a backend failing twice then answering gives 200 and retry_success.
# Needs root, ip, iptables and setpriv. Exit status 0 when every check passes.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
# shellcheck source=../common/mesh-hosts.sh
source "$ROOT/examples/common/mesh-hosts.sh"
# shellcheck source=../common/mesh-policy-demo.sh
source "$ROOT/examples/common/mesh-policy-demo.sh"

demo_start retry-policy
demo_control_plane
echo "-- hosts on $MESH_SUBNET: control plane $CP_IP, httpbin pod $(mesh_pod httpbin), curl pod $(mesh_pod curl)"

echo "-- 1. fsm install --set=fsm.enablePermissiveTrafficPolicy=true --set=fsm.featureFlags.enableRetryPolicy=true"
mg patch meshconfig fsm-mesh-config -n fsm-system --type=merge \
  -p '{"spec":{"traffic":{"enablePermissiveTrafficPolicyMode":true},"featureFlags":{"enableRetryPolicy":true}}}'
check "MeshConfig: permissive mode and enableRetryPolicy on" "True True" \
  "$(api "$API/api/v1/namespaces/fsm-system/meshconfigs/fsm-mesh-config" \
     | json 'str(d["spec"]["traffic"]["enablePermissiveTrafficPolicyMode"]) + " " + str(d["spec"]["featureFlags"]["enableRetryPolicy"])')"

echo "-- 2. the httpbin namespace, Service and pod (httpbin on :14001 with its sidecar)"
mg apply -f "$HERE/namespaces.yaml"
without_deployments "$HERE/httpbin.yaml" | mg apply -n httpbin -f -
mesh_spawn httpbin httpbin python3 "$HERE/flaky_httpbin.py" 14001
mesh_wait 10 mesh_exec httpbin curl -sf -o /dev/null -m 2 http://127.0.0.1:14001/ || demo_die "httpbin did not start"
sidecar httpbin httpbin httpbin app=httpbin
echo "-- 3. the curl namespace and pod (with its sidecar)"
without_deployments "$HERE/curl.yaml" | mg apply -n curl -f -
sidecar curl curl curl app=curl
check_eventually "curl -sI httpbin.httpbin.svc.cluster.local:14001 before any policy: 200" "HTTP/1.1 200" 30 \
  curl_result curl http://httpbin.httpbin.svc.cluster.local:14001/

echo "-- 4. the Retry policy: curl retries 5xx from httpbin"
mg apply -f "$HERE/retry.yaml"
retry_conditions() {
  api "$API/api/v1/namespaces/curl/retries/retry" \
    | json '" ".join(c["type"] + "=" + c["status"] for c in d["status"]["conditions"])' || true
}
check_eventually "the Retry is Accepted by the sidecars" "Accepted=True" 20 retry_conditions
stats() { mg_out proxy get stats curl -n curl 2>&1 | grep upstream_rq_retry || true; }
# the policy is in the curl sidecar's config once its cluster has the retry lines (printed at 0 before any retry)
check_eventually "the curl sidecar prints the retry lines of httpbin's cluster" \
  "cluster.httpbin/httpbin|14001.upstream_rq_retry: 0" 20 stats

echo "-- 5. curl -sI httpbin.httpbin.svc.cluster.local:14001/status/503 from the curl pod"
start=$SECONDS
check "HTTP/1.1 503 after the retries" "HTTP/1.1 503" \
  "$(mesh_exec curl curl -sI -m 60 http://httpbin.httpbin.svc.cluster.local:14001/status/503 | head -1 | tr -d '\r')"
echo "     (took $((SECONDS - start)) s: 5 jittered back-offs of up to 1, 3, 7, 10 and 10 s)"
hits() { mesh_exec httpbin curl -s -m 5 "http://127.0.0.1:14001/hits$1" | json 'd["hits"]'; }
check "the application saw the first try and 5 retries" "6" "$(hits /status/503)"

echo "-- 6. fsm proxy get stats -n curl <curl pod> | grep upstream_rq_retry"
STATS=$(stats)
echo "$STATS" | sed 's/^/     /'
# Envoy's counts (README "Kernel behaviour"): numRetries 5 -> 5 retries, then the 6th 503 exceeds the limit.
# FSM's page shows retry 4 / backoff_exponential 4: its sidecar counts one retry fewer than it makes.
check "grep upstream_rq_retry prints the seed's six lines, nothing else" "6" "$(grep -c . <<< "$STATS")"
for line in "upstream_rq_retry: 5" "upstream_rq_retry_backoff_exponential: 5" "upstream_rq_retry_backoff_ratelimited: 0" \
            "upstream_rq_retry_limit_exceeded: 1" "upstream_rq_retry_overflow: 0" "upstream_rq_retry_success: 0"; do
  check "cluster.httpbin/httpbin|14001.$line" "cluster.httpbin/httpbin|14001.$line" \
    "$(grep -Fx "cluster.httpbin/httpbin|14001.$line" <<< "$STATS" || echo "$STATS" | grep -F "${line%%:*}:" | head -1)"
done

echo "-- 7. curl -sI httpbin.httpbin.svc.cluster.local:14001/status/404: not a 5xx, not retried"
check "HTTP/1.1 404" "HTTP/1.1 404" \
  "$(mesh_exec curl curl -sI -m 20 http://httpbin.httpbin.svc.cluster.local:14001/status/404 | head -1 | tr -d '\r')"
check "the application saw one try" "1" "$(hits /status/404)"
check "the retry lines are unchanged" "$STATS" "$(stats)"

echo "-- beyond the seed: a backend that fails twice, then answers"
check "curl -s .../fail/2/a: 200 from the third try" '"attempt": 3' \
  "$(mesh_exec curl curl -s -m 60 http://httpbin.httpbin.svc.cluster.local:14001/fail/2/a)"
STATS2=$(stats)
echo "$STATS2" | sed 's/^/     /'
check "upstream_rq_retry_success: 1" "cluster.httpbin/httpbin|14001.upstream_rq_retry_success: 1" "$STATS2"
check "upstream_rq_retry: 7 (5 + 2)" "cluster.httpbin/httpbin|14001.upstream_rq_retry: 7" "$STATS2"
check "upstream_rq_retry_limit_exceeded still 1" "cluster.httpbin/httpbin|14001.upstream_rq_retry_limit_exceeded: 1" "$STATS2"
check "a POST body is sent again whole: 200 from the second try" '"attempt": 2' \
  "$(mesh_exec curl curl -s -m 60 -d 'hello=retry' http://httpbin.httpbin.svc.cluster.local:14001/fail/1/b)"

echo "-- beyond the seed: numRetries above the cap is refused at apply time, with the field"
check "numRetries 50: spec.retryPolicy.numRetries between 0 and 10" "spec.retryPolicy.numRetries" \
  "$(sed 's/numRetries: 5/numRetries: 50/; s/name: retry$/name: retry-storm/' "$HERE/retry.yaml" | mg_out apply -f - 2>&1 || true)"

demo_finish
