#!/usr/bin/env bash
# Runs FSM's demo "Local rate limiting of L4 connections" (seed 1.6) on a mesh without Kubernetes: test hosts in
# network namespaces (examples/common/mesh-hosts.sh), Meshgate in the control-plane namespace, a fortio pod (the
# TCP echo server of examples/common/fortio.py on 8078) and a fortio-client pod, each with `meshgate sidecar-init`
# and `meshgate sidecar`. Then the seed's steps: permissive mode; `fortio load -qps -1 -c 3 -n 10 tcp://...:8078`
# all OK; an UpstreamTrafficSetting of 1 connection per minute: the fortio sidecar prints
# local_rate_limit.inbound_demo/fortio_8078_tcp.rate_limited at 0, the same load gets only the calls of the one
# connection let in (3 or 4 of 10, see README.md) and the counter counts the refused ones; a burst of 10: all OK,
# the counter unchanged. Needs root, ip, iptables and setpriv. Exit status 0 when every check passes.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
FORTIO="$ROOT/examples/common/fortio.py"
# shellcheck source=../common/mesh-hosts.sh
source "$ROOT/examples/common/mesh-hosts.sh"
# shellcheck source=../common/mesh-policy-demo.sh
source "$ROOT/examples/common/mesh-policy-demo.sh"

demo_start rate-limit-tcp
demo_control_plane
echo "-- hosts on $MESH_SUBNET: control plane $CP_IP, fortio pod $(mesh_pod fortio), fortio-client pod $(mesh_pod fortio-client)"

echo "-- 1. permissive traffic policy mode"
mg patch meshconfig fsm-mesh-config -n fsm-system --type=merge \
  -p '{"spec":{"traffic":{"enablePermissiveTrafficPolicyMode":true}}}'

echo "-- 2. the demo namespace, the fortio Service and pod (TCP echo on 8078, with its sidecar)"
mg apply -f "$HERE/namespaces.yaml"
without_deployments "$HERE/fortio.yaml" | mg apply -n demo -f -
mesh_spawn fortio fortio python3 "$FORTIO" server --http-port 8080 --tcp-port 8078
mesh_wait 10 mesh_exec fortio curl -sf -o /dev/null -m 2 http://127.0.0.1:8080/ || demo_die "fortio did not start"
sidecar fortio demo fortio app=fortio
echo "-- 3. the fortio-client pod (with its sidecar)"
without_deployments "$HERE/fortio-client.yaml" | mg apply -n demo -f -
sidecar fortio-client demo fortio-client app=fortio-client

load() { mesh_exec fortio-client python3 "$FORTIO" load -qps -1 -c 3 -n 10 tcp://fortio.demo.svc.cluster.local:8078; }
outcome() { grep -E '^(tcp |Sockets used)' <<< "$1" | sed 's/^/     /'; }
stats() { mg_out proxy get stats fortio -n demo 2>&1 | grep 'fortio.*8078.*rate_limit' || true; }
config_has() { # "yes" when the fortio sidecar's running config holds the text $1
  local found
  found=$(mg_out proxy get config_dump fortio -n demo 2>&1 | grep -cF -- "$1" || true)
  [ "${found:-0}" -gt 0 ] && echo yes || echo no
}

echo "-- 4. fortio load -qps -1 -c 3 -n 10 tcp://fortio.demo.svc.cluster.local:8078 (no policy yet)"
check_eventually "the client reaches the echo server" "tcp OK : 10 (100.0 %)" 30 load
outcome "$(load)"

echo "-- 5. UpstreamTrafficSetting tcp-rate-limit: 1 connection per minute"
mg apply -f "$HERE/tcp-rate-limit.yaml"
check_eventually "fsm proxy get stats fortio | grep 'fortio.*8078.*rate_limit': the line at 0 once the limit applies" \
  "local_rate_limit.inbound_demo/fortio_8078_tcp.rate_limited: 0" 30 stats
conditions() {
  api "$API/api/v1/namespaces/demo/upstreamtrafficsettings/$1" \
    | json '" ".join(c["type"] + "=" + c["status"] + "/" + c["reason"] for c in d["status"]["conditions"] if c["type"] == "RateLimit")' || true
}
check_eventually "tcp-rate-limit reports RateLimit=True (Applied)" "RateLimit=True/Applied" 20 conditions tcp-rate-limit

echo "-- 6. the same load: only the calls of the one connection let in succeed"
OUT=$(load)
outcome "$OUT"
# exact semantics (README.md): the bucket holds 1 token; the connection that takes it serves its thread's
# calls (3, or 4 for the first of the 3 threads); every other call opens a new connection, which is reset at once
ok=$(sed -n 's/^tcp OK : \([0-9]*\) .*/\1/p' <<< "$OUT")
check "tcp OK : 3 (30.0 %) or 4 (40.0 %): the calls of the one connection" "yes" \
  "$([ "$ok" = 3 ] || [ "$ok" = 4 ] && echo yes || echo "tcp OK : ${ok:-none}")"
refused=$((10 - ${ok:-0}))
check "tcp short read : $refused: every other call met a reset" "tcp short read : $refused (" "$OUT"
check "Sockets used: $((refused + 1))" "Sockets used: $((refused + 1)) " "$OUT"
STATS=$(stats)
echo "$STATS" | sed 's/^/     /'
check "local_rate_limit.inbound_demo/fortio_8078_tcp.rate_limited: $refused" \
  "local_rate_limit.inbound_demo/fortio_8078_tcp.rate_limited: $refused" "$STATS"

echo "-- 7. UpstreamTrafficSetting tcp-echo-limit: the same with a burst of 10"
mg apply -f "$HERE/tcp-echo-limit.yaml"
check_eventually "the fortio sidecar runs the burst (a bucket of 10)" "yes" 30 config_has '"burst" : 10'
check_eventually "tcp-rate-limit now reports RateLimit=False (Conflicted: tcp-echo-limit applies)" \
  "RateLimit=False/Conflicted" 20 conditions tcp-rate-limit

echo "-- 8. the same load: the burst lets every connection in"
OUT=$(load)
outcome "$OUT"
check "tcp OK : 10 (100.0 %)" "tcp OK : 10 (100.0 %)" "$OUT"
check "Sockets used: 3" "Sockets used: 3 " "$OUT"
check "the counter has not increased" "local_rate_limit.inbound_demo/fortio_8078_tcp.rate_limited: $refused" "$(stats)"

echo "-- beyond the seed: a rate of 0 is refused at apply time, with the field"
check "connections: 0 -> spec.rateLimit.local.tcp.connections" "spec.rateLimit.local.tcp.connections" \
  "$(sed 's/connections: 1/connections: 0/; s/name: tcp-rate-limit/name: zero/' "$HERE/tcp-rate-limit.yaml" | mg_out apply -f - 2>&1 || true)"

demo_finish
