#!/usr/bin/env bash
# Runs FSM's demo "Egress Gateway Policy" (seed 4.4) on a mesh without Kubernetes: test hosts in network namespaces
# (examples/common/mesh-hosts.sh), Meshgate in the control-plane namespace, FSM's egress gateway as a pod of its own
# (`meshgate egress-gateway`, HTTP CONNECT on :1080, egress-demo.sh) under the global EgressGateway policy, a curl
# pod with `meshgate sidecar-init` and `meshgate sidecar`, and "httpbin.org" as an external host whose name only the
# sidecar's DNS knows. The seed's steps: enableEgress false -> curl -sI http://httpbin.org:80/get fails (the seed's
# exit 7; here 52, see mesh-sidecar/README.md "Egress"); the Egress httpbin-80 -> 200 through the gateway. Beyond
# the seed: the site sees the gateway's address; a workload under another ServiceAccount stays refused; the gateway
# itself refuses a tunnel its policies do not allow (403), even to a caller with a mesh certificate.
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

demo_start egress-gateway-policy
demo_control_plane
egress_init
CURL_IP=$(mesh_pod curl)
OTHER_IP=$(mesh_pod other)
external_site httpbin httpbin.org

echo "-- 1. deploy the egress gateway (fsm install --set=fsm.egressGateway.enabled=true)"
egress_gateway_pod egress-gw http2tunnel
GATEWAY_IP=$(mesh_ip egress-gw)
echo "-- hosts on $MESH_SUBNET: control plane $CP_IP, curl pod $CURL_IP and other pod $OTHER_IP (sidecars)," \
  "egress gateway $GATEWAY_IP, httpbin.org $(mesh_ip httpbin) (outside the mesh)"

echo "-- 2. disable global egress passthrough"
mg patch meshconfig fsm-mesh-config -n fsm-system -p '{"spec":{"traffic":{"enableEgress":false}}}' --type=merge

echo "-- 3. the curl namespace (in the mesh), its ServiceAccounts and pods with their sidecars"
mg apply -f "$HERE/namespaces.yaml"
without_deployments "$HERE/curl.yaml" | mg apply -n curl -f -
mg apply -n curl -f "$HERE/other.yaml"
sidecar curl curl curl app=curl
sidecar other curl other app=other

http_get() { curl_result "$1" http://httpbin.org:80/get; }
last_origin() { tail -1 "$MESH_DIR/httpbin-httpbin.log" | awk '{print $1}'; }
echo "-- 4. no policy: curl -sI http://httpbin.org:80/get"
check "refused (the seed's exit 7: here 52, an empty reply)" "exit 52" "$(http_get curl)"

echo "-- 5. the Egress httpbin-80"
mg apply -f "$HERE/egress-httpbin-80.yaml"
check_eventually "6. curl -sI http://httpbin.org:80/get: HTTP/1.1 200 OK" "HTTP/1.1 200 OK" 20 http_get curl
check "beyond the seed: through the egress gateway (the site saw its address)" "$GATEWAY_IP" "$(last_origin)"
check "beyond the seed: the other ServiceAccount is still refused" "exit 52" "$(http_get other)"
check "beyond the seed: the Egress says the gateway admits it" "GatewayAdmits=True" \
  "$(api "$API/api/v1/namespaces/curl/egresses/httpbin-80" | json '" ".join(c["type"] + "=" + c["status"] for c in d["status"]["conditions"])')"

echo "-- beyond the seed: the gateway is no open proxy"
# the identities the sidecars present, issued by hand (AccessCert) to ask the gateway for tunnels by hand
mg patch meshconfig fsm-mesh-config -n fsm-system -p '{"spec":{"featureFlags":{"enableAccessCertPolicy":true}}}' --type=merge
mg apply -f "$HERE/access-certs.yaml"
issued() { api "$API/api/v1/namespaces/curl/secrets/$1" | json 'd["data"]["tls.key"]' >/dev/null 2>&1; }
mesh_wait 30 issued curl-identity && mesh_wait 30 issued other-identity || demo_die "the AccessCerts were not issued within 30 s"
mount_secret curl curl-identity "$MESH_DIR/curl-identity"
mount_secret curl other-identity "$MESH_DIR/other-identity"
# the gateway's certificate names its identity: the control-plane host finds it under that name
mesh_hosts_entry cp "$GATEWAY_IP" fsm-egress-gateway.fsm-system.cluster.local
connect_as() { # [certificate-dir]: the gateway's answer to CONNECT httpbin.org:80 from the control-plane host, no sidecar in the way (000: none)
  local cert=()
  [ -z "${1:-}" ] || cert=(--proxy-cert "$MESH_DIR/$1/tls.crt" --proxy-key "$MESH_DIR/$1/tls.key")
  mesh_exec cp curl -s -o /dev/null -w '%{http_connect}' -m 5 --proxy https://fsm-egress-gateway.fsm-system.cluster.local:1080 \
    --proxy-cacert "$CA" "${cert[@]}" -p http://httpbin.org:80/get 2>/dev/null || true
}
check "CONNECT with curl's identity (the Egress names it): 200" "200" "$(connect_as curl-identity)"
check "CONNECT with other's identity (no Egress names it): 403" "403" "$(connect_as other-identity)"
check "CONNECT without a certificate: no tunnel, the TLS handshake fails" "000" "$(connect_as)"

demo_finish
