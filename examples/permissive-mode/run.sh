#!/usr/bin/env bash
# Runs FSM's demo "Permissive Traffic Policy Mode" (seed 6.1) on a mesh without Kubernetes: test hosts in network
# namespaces (examples/common/mesh-hosts.sh), Meshgate in the control-plane namespace serving its API over HTTPS
# with the mesh CA, and an httpbin pod and a curl pod, each with `meshgate sidecar-init` and `meshgate sidecar`.
# Then the seed's steps, plus an SMI TrafficTarget: permissive on -> curl gets 200; off -> curl exits 52 (empty
# reply); TrafficTarget curl -> httpbin -> 200 again. Needs root, ip, iptables and setpriv.
# Exit status 0 when every check passes.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
# shellcheck source=../common/mesh-hosts.sh
source "$ROOT/examples/common/mesh-hosts.sh"
# shellcheck source=../common/mesh-policy-demo.sh
source "$ROOT/examples/common/mesh-policy-demo.sh"
demo_start permissive-mode
demo_control_plane
HTTPBIN_IP=$(mesh_pod httpbin)
CURL_IP=$(mesh_pod curl)
echo "-- hosts on $MESH_SUBNET: control plane $CP_IP, httpbin pod $HTTPBIN_IP, curl pod $CURL_IP"

check "API over HTTPS from the pods, trusting the mesh CA" "200" \
  "$(mesh_exec curl curl -s -o /dev/null -w '%{http_code}' -m 5 --cacert "$CA" "$API/readyz")"

echo "-- 1. enable permissive traffic policy mode"
mg patch meshconfig fsm-mesh-config -n fsm-system -p '{"spec":{"traffic":{"enablePermissiveTrafficPolicyMode":true}}}' --type=merge
check "MeshConfig: enablePermissiveTrafficPolicyMode true" "True" \
  "$(api "$API/api/v1/namespaces/fsm-system/meshconfigs/fsm-mesh-config" | json 'd["spec"]["traffic"]["enablePermissiveTrafficPolicyMode"]')"

# a pod: its sidecar token (role sidecar, bound to the pod's namespace and service account), the iptables rules,
# then the sidecar as root with group 1500 (the rules leave that group's traffic alone); `sidecar` waits until
# it runs its config
echo "-- 2. the httpbin namespace, ServiceAccount, Service and pod (httpbin on :14001 with its sidecar)"
mg apply -f "$HERE/namespaces.yaml"
without_deployments "$HERE/httpbin.yaml" | mg apply -n httpbin -f -
mesh_spawn httpbin httpbin python3 "$ROOT/examples/common/httpbin.py" 14001
mesh_wait 10 mesh_exec httpbin curl -sf -o /dev/null -m 2 http://127.0.0.1:14001/ || demo_die "httpbin did not start"
check "the httpbin app answers in its pod" "HTTP/1.1 200" "$(mesh_exec httpbin curl -sI -m 5 http://127.0.0.1:14001 | head -1)"
sidecar httpbin httpbin httpbin app=httpbin
echo "-- 3. the curl namespace, ServiceAccount and pod (with its sidecar)"
without_deployments "$HERE/curl.yaml" | mg apply -n curl -f -
sidecar curl curl curl app=curl

check "kubectl get pods -n httpbin: the pod Running with its IP" "httpbin Running $HTTPBIN_IP" \
  "$(api "$API/api/v1/namespaces/httpbin/pods" \
     | json '"; ".join(p["metadata"]["name"] + " " + p["status"]["phase"] + " " + p["status"].get("podIP", "") for p in d["items"])')"
check "kubectl get svc -n httpbin: a cluster IP in the service CIDR, port 14001" "yes 14001" \
  "$(api "$API/api/v1/namespaces/httpbin/services/httpbin" | python3 -c '
import ipaddress, json, sys
s = json.load(sys.stdin)["spec"]
ip = s.get("clusterIP", "")
inside = ip != "" and ipaddress.ip_address(ip) in ipaddress.ip_network(sys.argv[1])
print("yes" if inside else "no clusterIP in " + sys.argv[1] + ": " + repr(ip), s["ports"][0]["port"])' "$MESH_SERVICE_CIDR")"

# the seed's client: curl -I http://httpbin.httpbin:14001 in the curl pod (the name through the sidecar's DNS)
head_httpbin() { mesh_exec curl curl -sSI -m 5 http://httpbin.httpbin:14001 2>&1 | head -1 | tr -d '\r'; }
curl_exit() { # curl's exit status for the seed's request
  mesh_exec curl curl -sI -m 5 http://httpbin.httpbin:14001 >/dev/null 2>&1 && echo 0 || echo $?
}
status_of() { # METHOD PATH: the HTTP status the curl pod gets
  mesh_exec curl curl -s -o /dev/null -w '%{http_code}' -m 5 -X "$1" "http://httpbin.httpbin:14001$2" || true
}
answers() { [[ "$(head_httpbin)" == "HTTP/1.1 $1"* ]]; }
exits() { [ "$(curl_exit)" = "$1" ]; }

echo "-- 4. curl -I http://httpbin.httpbin:14001 from the curl pod"
mesh_wait 30 answers 200 || true
check "permissive: HTTP/1.1 200" "HTTP/1.1 200" "$(head_httpbin)"
check "permissive: any method (POST /anything) is let through" "200" "$(status_of POST /anything)"
check "the name resolves through the sidecar's DNS to the Service's cluster IP" \
  "$(api "$API/api/v1/namespaces/httpbin/services/httpbin" | json 'd["spec"]["clusterIP"]' || true)" \
  "$(mesh_exec curl getent ahostsv4 httpbin.httpbin | awk '{print $1; exit}' | grep . || echo "httpbin.httpbin does not resolve")"

echo "-- 5. disable permissive mode: no SMI policy, no access"
mg patch meshconfig fsm-mesh-config -n fsm-system -p '{"spec":{"traffic":{"enablePermissiveTrafficPolicyMode":false}}}' --type=merge
mesh_wait 20 exits 52 || true
check "curl: (52) Empty reply from server" "52" "$(curl_exit)"
check "... as the seed prints it" "curl: (52) Empty reply from server" "$(head_httpbin)"

echo "-- beyond the seed: a TrafficTarget (+HTTPRouteGroup) from curl to httpbin"
mg apply -f "$HERE/traffic-target.yaml"
mesh_wait 20 answers 200 || true
check "TrafficTarget: HTTP/1.1 200 again" "HTTP/1.1 200" "$(head_httpbin)"
check "TrafficTarget: GET /get (in the route group) 200" "200" "$(status_of GET /get)"
check "TrafficTarget: POST /anything (not in the route group) 403" "403" "$(status_of POST /anything)"

echo "-- beyond the seed: meshgate proxy get stats httpbin -n httpbin (FSM's fsm proxy get), read on the pod IP"
STATS=$(mesh_exec cp "$ROOT/bin/meshgate" --server "$API" --token "$TOKEN" --ca-file "$CA" proxy get stats httpbin -n httpbin 2>&1 || true)
check "the inbound cluster counted the requests above" "cluster.inbound|14001.upstream_rq_total: " \
  "$(grep -E '^cluster\.inbound\|14001\.upstream_rq_total: [1-9][0-9]*$' <<< "$STATS" \
     || echo "no non-zero line; inbound lines: $(grep inbound <<< "$STATS" | head -4 | tr '\n' ';') $(head -2 <<< "$STATS")")"
check "the admin's reads beyond loopback need the secret: 401 without it" "401" \
  "$(mesh_exec cp curl -s -o /dev/null -w '%{http_code}' -m 5 "http://$HTTPBIN_IP:15000/stats" || true)"

for proxy in sidecar.httpbin.httpbin sidecar.curl.curl; do
  check "$proxy registered, kind sidecar, in sync with its last config" "sidecar True" "$(proxy_state "$proxy")"
done

demo_finish
