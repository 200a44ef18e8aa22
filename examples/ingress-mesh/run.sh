#!/usr/bin/env bash
# Runs FSM's demo "Ingress with Service Mesh" (seed 3.1) on a mesh without Kubernetes: test hosts in network namespaces
# (examples/common/mesh-hosts.sh), Meshgate in the control-plane namespace (its embedded ingress gateway on the
# bridge address, described by the Service fsm-system/fsm-ingress the control plane keeps), the httpbin pod with
# `meshgate sidecar-init` and `meshgate sidecar`, and a client pod without a sidecar. Permissive mode is off, so the
# seed's IngressBackend is what lets the gateway in: the seed's curl through the gateway gets 200, the same request
# straight to the pod's address is reset (curl exit 56), and with the IngressBackend's source changed the gateway gets 403 too.
# Needs root, ip, iptables and setpriv. Exit status 0 when every check passes.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
# shellcheck source=../common/mesh-hosts.sh
source "$ROOT/examples/common/mesh-hosts.sh"
# shellcheck source=../common/mesh-policy-demo.sh
source "$ROOT/examples/common/mesh-policy-demo.sh"
demo_start ingress-mesh

demo_control_plane
HTTPBIN_IP=$(mesh_pod httpbin)
CLIENT_IP=$(mesh_pod client)
echo "-- hosts on $MESH_SUBNET: control plane and ingress gateway $CP_IP, httpbin pod $HTTPBIN_IP, client $CLIENT_IP"

echo "-- the ingress gateway's address and port, as the seed reads them from Service fsm-system/fsm-ingress"
FSM_NAMESPACE=fsm-system
fsm_ingress() { api "$API/api/v1/namespaces/$FSM_NAMESPACE/services/fsm-ingress"; }
# kubectl -n "$FSM_NAMESPACE" get service fsm-ingress -o jsonpath='{.status.loadBalancer.ingress[0].ip}'
ingress_host=$(fsm_ingress | json 'd["status"]["loadBalancer"]["ingress"][0]["ip"]') || demo_die "no fsm-ingress address: $ingress_host"
# ... -o jsonpath='{.spec.ports[?(@.name=="http")].port}'
ingress_port=$(fsm_ingress | json '[p["port"] for p in d["spec"]["ports"] if p["name"] == "http"][0]') \
  || demo_die "no fsm-ingress http port: $ingress_port"
check "Service fsm-ingress: the gateway's bridge address and HTTP port" "$CP_IP:8000" "$ingress_host:$ingress_port"
check "Endpoints fsm-ingress: the address the gateway connects from" "$CP_IP" \
  "$(api "$API/api/v1/namespaces/$FSM_NAMESPACE/endpoints/fsm-ingress" \
     | json '" ".join(a["ip"] for s in d["subsets"] for a in s["addresses"])' || true)"

echo "-- permissive traffic policy mode off: only policies let clients in"
mg patch meshconfig fsm-mesh-config -n "$FSM_NAMESPACE" --type=merge \
  -p '{"spec":{"traffic":{"enablePermissiveTrafficPolicyMode":false}}}'

echo "-- kubectl create ns httpbin; fsm namespace add httpbin; kubectl apply -f httpbin.yaml -n httpbin"
mg apply -f "$HERE/namespaces.yaml"
without_deployments "$HERE/httpbin.yaml" | mg apply -n httpbin -f -
mesh_spawn httpbin httpbin python3 "$ROOT/examples/common/httpbin.py" 14001
mesh_wait 10 mesh_exec httpbin curl -sf -o /dev/null -m 2 http://127.0.0.1:14001/ || demo_die "httpbin did not start"
sidecar httpbin httpbin httpbin app=httpbin
check "kubectl get pods,svc -n httpbin: the pod Running, the Service on 14001" "httpbin Running $HTTPBIN_IP; httpbin 14001" \
  "$(api "$API/api/v1/namespaces/httpbin/pods" | json '"; ".join(p["metadata"]["name"] + " " + p["status"]["phase"] + " " + p["status"].get("podIP", "") for p in d["items"])' || true); $(
     api "$API/api/v1/namespaces/httpbin/services/httpbin" | json 'd["metadata"]["name"] + " " + str(d["spec"]["ports"][0]["port"])' || true)"

echo "-- HTTP Ingress: the seed's Ingress and IngressBackend"
mg apply -f "$HERE/ingress.yaml"
# curl -sI http://"$ingress_host":"$ingress_port"/get -H "Host: httpbin.org", from a client outside the mesh
through_gateway() { mesh_exec client curl -sI -m 5 "http://$ingress_host:$ingress_port/get" -H "Host: httpbin.org" 2>&1 | head -1 | tr -d '\r'; }
# the status line, or "curl exit N" when no HTTP answer came (a sidecar resets peers no source admits, as FSM's does)
straight_to_pod() {
  local out rc=0
  out=$(mesh_exec client curl -sI -m 5 "http://$HTTPBIN_IP:14001/get" -H "Host: httpbin.org" 2>/dev/null) || rc=$?
  if [ -n "$out" ]; then head -1 <<< "$out" | tr -d '\r'; else echo "curl exit $rc"; fi
}
gateway_answers() { [[ "$(through_gateway)" == "HTTP/1.1 $1"* ]]; }
mesh_wait 30 gateway_answers 200 || true
check "curl -sI http://\$ingress_host:\$ingress_port/get -H 'Host: httpbin.org': HTTP/1.1 200 OK" "HTTP/1.1 200 OK" "$(through_gateway)"
check "the app saw the gateway's request (the Host header kept)" '"Host": "httpbin.org"' \
  "$(mesh_exec client curl -s -m 5 "http://$ingress_host:$ingress_port/get" -H "Host: httpbin.org")"
check "the same request from the client pod straight to the httpbin pod: reset by its sidecar (curl exit 56)" "curl exit 56" "$(straight_to_pod)"
check "IngressBackend httpbin: Enforced by the sidecar" "True" \
  "$(api "$API/api/v1/namespaces/httpbin/ingressbackends/httpbin" \
     | json '[c["status"] for c in d["status"]["conditions"] if c["type"] == "Enforced"][0]' || true)"

echo "-- beyond the seed: the IngressBackend's source changed to something else"
mg apply -f "$HERE/ingressbackend-other-source.yaml"
mesh_wait 20 gateway_answers 403 || true
check "the gateway's request is refused by httpbin's sidecar: HTTP/1.1 403" "HTTP/1.1 403" "$(through_gateway)"
mg apply -f "$HERE/ingress.yaml"
mesh_wait 20 gateway_answers 200 || true
check "the seed's source back: HTTP/1.1 200 OK again" "HTTP/1.1 200 OK" "$(through_gateway)"
check "... and the pod's address still resets the client pod (curl exit 56)" "curl exit 56" "$(straight_to_pod)"

check "sidecar.httpbin.httpbin registered, kind sidecar, in sync with its last config" "sidecar True" \
  "$(proxy_state sidecar.httpbin.httpbin)"
check "the ingress gateway in sync with its last config" "ingress True" "$(proxy_state ingress-gateway)"
demo_finish
