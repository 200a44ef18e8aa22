#!/usr/bin/env bash
# Runs FSM's demo "Egress Policy" (seed 4.3) on a mesh without Kubernetes: test hosts in network namespaces
# (examples/common/mesh-hosts.sh), Meshgate in the control-plane namespace, a curl pod with `meshgate sidecar-init`
# and `meshgate sidecar`, and the external hosts httpbin.org and flomesh.io (examples/common/egress-demo.sh) whose
# names only the sidecars' DNS knows. The seed's four parts (HTTP, HTTPS, TCP, HTTP with route matches), each: no
# policy -> refused; the Egress -> 200; deleted -> refused. Refusals end without an answer (curl exit 52 for HTTP, 35
# for TLS; the seed prints 7, see mesh-sidecar/README.md "Egress"). Beyond the seed: a workload whose ServiceAccount
# no Egress names is refused under the same policies, and a bad Egress is refused at apply time.
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

demo_start egress-policy
demo_control_plane
egress_init
CURL_IP=$(mesh_pod curl)
OTHER_IP=$(mesh_pod other)
external_site httpbin httpbin.org
external_site flomesh flomesh.io
echo "-- hosts on $MESH_SUBNET: control plane $CP_IP, curl pod $CURL_IP and other pod $OTHER_IP (sidecars)," \
  "httpbin.org $(mesh_ip httpbin) and flomesh.io $(mesh_ip flomesh) (outside the mesh)"

# the seed's requests from a pod (HOST: curl, or other beyond the seed)
http_get() { curl_result "$1" "http://httpbin.org:80$2"; }
https_get() { curl_result "$1" --cacert "$EGRESS_CA" "https://$2:443$3"; }

echo "-- 1. enable egress policy, egress passthrough off"
mg patch meshconfig fsm-mesh-config -n fsm-system \
  -p '{"spec":{"featureFlags":{"enableEgressPolicy":true},"traffic":{"enableEgress":false}}}' --type=merge

echo "-- 2. the curl namespace (in the mesh), its ServiceAccounts and pods with their sidecars"
mg apply -f "$HERE/namespaces.yaml"
without_deployments "$HERE/curl.yaml" | mg apply -n curl -f -
mg apply -n curl -f "$HERE/other.yaml"
sidecar curl curl curl app=curl
sidecar other curl other app=other
check "kubectl get pods -n curl: curl Running" "curl Running" \
  "$(api "$API/api/v1/namespaces/curl/pods?labelSelector=app%3Dcurl" | json '" ".join(p["metadata"]["name"] + " " + p["status"]["phase"] for p in d["items"])')"

echo "-- HTTP egress"
check "no policy: curl -sI http://httpbin.org:80/get is refused (exit 52)" "exit 52" "$(http_get curl /get)"
mg apply -f "$HERE/egress-httpbin-80.yaml"
check_eventually "Egress httpbin-80: HTTP/1.1 200 OK" "HTTP/1.1 200 OK" 20 http_get curl /get
check "beyond the seed: the other ServiceAccount is still refused" "exit 52" "$(http_get other /get)"
check "beyond the seed: another host on port 80 gets 403 (no policy names it)" "HTTP/1.1 403" \
  "$(curl_result curl -H 'Host: example.com' http://httpbin.org:80/get)"
mg delete egress httpbin-80 -n curl
check_eventually "kubectl delete egress httpbin-80: refused again" "exit 52" 20 http_get curl /get

echo "-- HTTPS egress (by SNI)"
check "no policy: curl -sI https://httpbin.org:443/get is refused (exit 35)" "exit 35" "$(https_get curl httpbin.org /get)"
mg apply -f "$HERE/egress-httpbin-443.yaml"
check_eventually "Egress httpbin-443: HTTP/2 200" "HTTP/2 200" 20 https_get curl httpbin.org /get
check "beyond the seed: flomesh.io on the same port is not named (exit 35)" "exit 35" "$(https_get curl flomesh.io /)"
check "beyond the seed: the other ServiceAccount is still refused" "exit 35" "$(https_get other httpbin.org /get)"
mg delete egress httpbin-443 -n curl
check_eventually "kubectl delete egress httpbin-443: refused again" "exit 35" 20 https_get curl httpbin.org /get

echo "-- TCP egress (by port)"
check "no policy: curl -sI https://flomesh.io:443 is refused (exit 35)" "exit 35" "$(https_get curl flomesh.io '')"
mg apply -f "$HERE/egress-tcp-443.yaml"
check_eventually "Egress tcp-443: HTTP/2 200" "HTTP/2 200" 20 https_get curl flomesh.io ''
check "... any host on port 443: httpbin.org too" "HTTP/2 200" "$(https_get curl httpbin.org /get)"
mg delete egress tcp-443 -n curl
check_eventually "kubectl delete egress tcp-443: refused again" "exit 35" 20 https_get curl flomesh.io ''

echo "-- HTTP egress with SMI route matches"
check "no policy: /get is refused (exit 52)" "exit 52" "$(http_get curl /get)"
check "no policy: /status/200 is refused (exit 52)" "exit 52" "$(http_get curl /status/200)"
mg apply -f "$HERE/egress-http-route.yaml"
check_eventually "HTTPRouteGroup get + Egress httpbin-80: /get HTTP/1.1 200 OK" "HTTP/1.1 200 OK" 20 http_get curl /get
check "/status/200 is not matched: HTTP/1.1 403 Forbidden" "HTTP/1.1 403 Forbidden" "$(http_get curl /status/200)"
check "... with FSM's body (content-length: 13)" "content-length: 13" \
  "$(mesh_exec curl curl -sI -m 5 http://httpbin.org:80/status/200 | tr -d '\r' | tr 'A-Z' 'a-z')"
mg apply -f "$HERE/egress-http-route-status.yaml"
check_eventually "HTTPRouteGroup + /status.*: /status/200 HTTP/1.1 200 OK" "HTTP/1.1 200 OK" 20 http_get curl /status/200

echo "-- beyond the seed: bad input"
check "an Egress with port 70000 is refused, naming the field" "spec.ports[0].number" \
  "$(mesh_exec cp "$ROOT/bin/meshgate" --server "$API" --token "$TOKEN" --ca-file "$CA" apply -f "$HERE/egress-bad-port.yaml" 2>&1 || true)"
check "... and stored nothing" "404" \
  "$(api -o /dev/null -w '%{http_code}' "$API/api/v1/namespaces/curl/egresses/bad-port")"

demo_finish
