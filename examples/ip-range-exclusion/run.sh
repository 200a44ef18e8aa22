#!/usr/bin/env bash
# Runs FSM's demo "Outbound Traffic IP Range Exclusions" (seed 1.1) on a mesh without Kubernetes: test hosts in
# network namespaces (examples/common/mesh-hosts.sh), Meshgate in the control-plane namespace, a curl pod with
# `meshgate sidecar-init` and `meshgate sidecar`, and two hosts outside the mesh standing in for two addresses of
# httpbin.org (examples/common/httpbin.py on port 80). With egress off, both are refused at the curl pod's
# sidecar; once MeshConfig `traffic.outboundIPRangeExclusionList` names the first and the pod is restarted
# (sidecar-init reads the list from the MeshConfig with a viewer token), the first is reached directly, without
# the sidecar seeing the connection, and the second is still refused. Needs root, ip, iptables and setpriv.
# Exit status 0 when every check passes.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
# shellcheck source=../common/mesh-hosts.sh
source "$ROOT/examples/common/mesh-hosts.sh"
# shellcheck source=../common/mesh-policy-demo.sh
source "$ROOT/examples/common/mesh-policy-demo.sh"

demo_start ip-range-exclusion
demo_control_plane
CURL_IP=$(mesh_pod curl)
# two addresses of "httpbin.org": hosts on the bridge that belong to no pod and have no sidecar
EXCLUDED_IP=$(mesh_external httpbin-org)
OTHER_IP=$(mesh_external httpbin-org-2)
echo "-- hosts on $MESH_SUBNET: control plane $CP_IP, curl pod $CURL_IP, httpbin.org at $EXCLUDED_IP and $OTHER_IP"
for host in httpbin-org httpbin-org-2; do
  mesh_spawn "$host" "$host" python3 "$ROOT/examples/common/httpbin.py" 80
  mesh_wait 10 mesh_exec "$host" curl -sf -o /dev/null -m 2 http://127.0.0.1:80/ || demo_die "httpbin on $host did not start"
done

# curl -I http://IP:80 in the curl pod: the status line, or curl's error and exit status
head_of() {
  local out rc=0
  out=$(mesh_exec curl curl -sSI -m 5 "http://$1:80" 2>&1) || rc=$?
  if [ "$rc" -eq 0 ]; then echo "$out" | head -1 | tr -d '\r'; else echo "exit $rc: $(echo "$out" | head -1)"; fi
}
# a counter of the curl pod's sidecar, from its Prometheus listener (loopback is never intercepted)
sidecar_counter() { # metric-name label-filter
  mesh_exec curl curl -s -m 5 http://127.0.0.1:15010/stats/prometheus \
    | awk -v m="$1" -v f="$2" 'index($0, m "{") == 1 && index($0, f) { sum += $NF } END { printf "%d\n", sum }'
}
outbound_connections() { sidecar_counter meshgate_downstream_connections_accepted_total 'listener="outbound"'; }
refused_connections() { sidecar_counter meshgate_mesh_connections_unserved_total 'reason="no_destination_rule"'; }
check "httpbin.org stand-ins answer on their own hosts" "HTTP/1.1 200 OK" \
  "$(mesh_exec httpbin-org curl -sI -m 5 http://127.0.0.1:80 | head -1 | tr -d '\r')"

echo "-- 1. disable mesh-wide egress passthrough"
mg patch meshconfig fsm-mesh-config -n fsm-system -p '{"spec":{"traffic":{"enableEgress":false}}}' --type=merge
check "MeshConfig: enableEgress false" "False" \
  "$(api "$API/api/v1/namespaces/fsm-system/meshconfigs/fsm-mesh-config" | json 'd["spec"]["traffic"]["enableEgress"]')"

echo "-- 2. the curl namespace in the mesh, the curl client (pod with its sidecar)"
mg apply -f "$HERE/namespace.yaml"
without_deployments "$HERE/curl.yaml" | mg apply -n curl -f -
sidecar curl curl curl app=curl --server
check "kubectl get pods -n curl: curl Running" "curl Running" \
  "$(api "$API/api/v1/namespaces/curl/pods" | json '"; ".join(p["metadata"]["name"] + " " + p["status"]["phase"] for p in d["items"])')"

echo "-- 4. curl -I http://$EXCLUDED_IP:80 is refused (egress off, the address is no mesh Service)"
before=$(refused_connections)
# the seed prints "curl: (7) ... Connection refused": its sidecar text predates Pipy. Meshgate's sidecar accepts
# the redirected connection and closes it unanswered: curl: (52) Empty reply from server
check "refused by the curl pod's sidecar: curl exit 52" "exit 52" "$(head_of "$EXCLUDED_IP")"
check "the sidecar counted the refusal (no destination rule)" "$((before + 1))" "$(refused_connections)"

echo "-- 5./6. exclude $EXCLUDED_IP/32 in the MeshConfig"
mg patch meshconfig fsm-mesh-config -n fsm-system -p "{\"spec\":{\"traffic\":{\"outboundIPRangeExclusionList\":[\"$EXCLUDED_IP/32\"]}}}" --type=merge
check "kubectl get meshconfig ... -o jsonpath='{.spec.traffic.outboundIPRangeExclusionList}'" "[\"$EXCLUDED_IP/32\"]" \
  "$(api "$API/api/v1/namespaces/fsm-system/meshconfigs/fsm-mesh-config" \
     | python3 -c 'import json, sys; print(json.dumps(json.load(sys.stdin)["spec"]["traffic"].get("outboundIPRangeExclusionList")))')"
check "a running pod keeps its rules until it restarts: still refused" "exit 52" "$(head_of "$EXCLUDED_IP")"

echo "-- 7. restart the curl pod (the interception rules are programmed at pod start)"
sidecar_stop curl
mesh_exec curl "$ROOT/bin/meshgate" sidecar-init --remove >> "$MESH_DIR/curl-sidecar-init.log" 2>&1 \
  || demo_die "sidecar-init --remove failed in the curl pod (log below)"
sidecar curl curl curl app=curl --server
check "sidecar-init read the exclusion from the MeshConfig: a RETURN rule for it" \
  "-A FSM_PROXY_OUTBOUND -d $EXCLUDED_IP/32 -j RETURN" "$(mesh_exec curl iptables-save -t nat)"
check "the restarted pod is Running again" "curl Running" \
  "$(api "$API/api/v1/namespaces/curl/pods" | json '"; ".join(p["metadata"]["name"] + " " + p["status"]["phase"] for p in d["items"])')"

echo "-- 8. curl -I http://$EXCLUDED_IP:80 reaches httpbin.org directly"
before=$(outbound_connections)
check "excluded address: HTTP/1.1 200 OK" "HTTP/1.1 200 OK" "$(head_of "$EXCLUDED_IP")"
check "the sidecar never saw it: its outbound listener accepted no connection" "$before" "$(outbound_connections)"
check "the server saw the curl pod's own address" "\"origin\": \"$CURL_IP\"" \
  "$(mesh_exec curl curl -s -m 5 "http://$EXCLUDED_IP:80/ip")"

echo "-- 9. other addresses of httpbin.org are still refused"
before=$(refused_connections)
accepted=$(outbound_connections)
check "not excluded ($OTHER_IP): refused, curl exit 52" "exit 52" "$(head_of "$OTHER_IP")"
check "... by the sidecar: its outbound listener accepted it and counted the refusal" \
  "$((accepted + 1)) $((before + 1))" "$(outbound_connections) $(refused_connections)"

check "sidecar.curl.curl registered, kind sidecar, in sync" "sidecar True" "$(proxy_state sidecar.curl.curl)"
demo_finish
