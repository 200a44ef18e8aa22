#!/usr/bin/env bash
# Runs FSM's demo "Egress Gateway Passthrough to Unknown Destinations" (seed 4.2) on a mesh without Kubernetes: test
# hosts in network namespaces (examples/common/mesh-hosts.sh), Meshgate in the control-plane namespace, FSM's egress
# gateway as a pod of its own (`meshgate egress-gateway`, HTTP CONNECT on :1080, egress-demo.sh), a curl pod with
# `meshgate sidecar-init` and `meshgate sidecar`, and "httpbin.org" as an external host whose name only the
# sidecar's DNS knows. The seed's steps: enableEgress true -> curl -sI http://httpbin.org:80/get gets 200 through the
# gateway; false -> the request fails (the seed's exit 7; here 52, see mesh-sidecar/README.md "Egress"). The seed
# applies no EgressGateway policy, but FSM's sidecars only use the gateway under one (its published demo declares
# it): this run applies the global policy naming fsm-system/fsm-egress-gateway. Beyond the seed: the site sees the
# gateway's address, not the pod's; HTTPS through the tunnel; the gateway in SOCKS5 mode (FSM's sock5).
# Needs root, ip, iptables, setpriv, nginx and openssl. Exit status 0 when every check passes.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
# shellcheck source=../common/mesh-hosts.sh
source "$ROOT/examples/common/mesh-hosts.sh"
# shellcheck source=../common/mesh-policy-demo.sh
source "$ROOT/examples/common/mesh-policy-demo.sh"
# shellcheck source=../common/egress-demo.sh
source "$ROOT/examples/common/egress-demo.sh"

demo_start egress-gateway-passthrough
demo_control_plane
egress_init
CURL_IP=$(mesh_pod curl)
external_site httpbin httpbin.org

echo "-- 1. deploy the egress gateway (fsm install --set=fsm.egressGateway.enabled=true), mode http2tunnel"
egress_gateway_pod egress-gw http2tunnel
GATEWAY_IP=$(mesh_ip egress-gw)
echo "-- hosts on $MESH_SUBNET: control plane $CP_IP, curl pod $CURL_IP (sidecar), egress gateway $GATEWAY_IP," \
  "httpbin.org $(mesh_ip httpbin) (outside the mesh)"
check "egress-gateway.fsm-system registered, kind egress, in sync with its last config" "egress True" \
  "$(proxy_state egress-gateway.fsm-system)"

echo "-- 2. enable global egress passthrough"
mg patch meshconfig fsm-mesh-config -n fsm-system -p '{"spec":{"traffic":{"enableEgress":true}}}' --type=merge

echo "-- 3. the curl namespace (in the mesh), its ServiceAccount and pod with its sidecar"
mg apply -f "$HERE/namespaces.yaml"
without_deployments "$HERE/curl.yaml" | mg apply -n curl -f -
sidecar curl curl curl app=curl

http_get() { curl_result curl http://httpbin.org:80/get; }
last_origin() { tail -1 "$MESH_DIR/httpbin-httpbin.log" | awk '{print $1}'; }
echo "-- 4. curl -sI http://httpbin.org:80/get from the curl pod"
check_eventually "HTTP/1.1 200 OK through the egress gateway" "HTTP/1.1 200 OK" 20 http_get
check "beyond the seed: the site saw the gateway's address, not the pod's" "$GATEWAY_IP" "$(last_origin)"
check "beyond the seed: HTTPS through the tunnel, curl -sI https://httpbin.org:443/get: HTTP/2 200" "HTTP/2 200" \
  "$(curl_result curl --cacert "$EGRESS_CA" https://httpbin.org:443/get)"
check "beyond the seed: the gateway counted the tunnels" "meshgate_tunnel_connections_total{listener=egress-gateway,mode=connect}" \
  "$(mesh_exec egress-gw curl -s -m 5 http://127.0.0.1:6060/stats)"

echo "-- beyond the seed: the gateway in SOCKS5 mode (FSM's sock5)"
mg patch meshconfig fsm-mesh-config -n fsm-system -p '{"spec":{"egressGateway":{"mode":"sock5"}}}' --type=merge
gateway_config() { mesh_exec egress-gw curl -s -m 5 http://127.0.0.1:6060/config_dump; }
check_eventually "the gateway serves SOCKS5 now" '"mode" : "SOCKS5"' 20 gateway_config
check_eventually "curl -sI http://httpbin.org:80/get: HTTP/1.1 200 OK through SOCKS5" "HTTP/1.1 200 OK" 20 http_get
check "... from the gateway's address" "$GATEWAY_IP" "$(last_origin)"
check "... counted as a SOCKS5 tunnel" "meshgate_tunnel_connections_total{listener=egress-gateway,mode=socks5}" \
  "$(mesh_exec egress-gw curl -s -m 5 http://127.0.0.1:6060/stats)"

echo "-- 5. disable mesh-wide egress"
mg patch meshconfig fsm-mesh-config -n fsm-system -p '{"spec":{"traffic":{"enableEgress":false}}}' --type=merge
check_eventually "curl -sI http://httpbin.org:80/get fails (the seed's exit 7: here 52, an empty reply)" "exit 52" 20 http_get
check "the egress gateway in sync with its last config" "egress True" "$(proxy_state egress-gateway.fsm-system)"

demo_finish
