#!/usr/bin/env bash
# Runs FSM's demo "Egress Passthrough to Unknown Destinations" (seed 4.1) on a mesh without Kubernetes: test hosts
# in network namespaces (examples/common/mesh-hosts.sh), Meshgate in the control-plane namespace, a curl pod with
# `meshgate sidecar-init` and `meshgate sidecar`, and "httpbin.org" as an external host of its own (httpbin over
# HTTP on :80 and HTTPS with HTTP/2 on :443, examples/common/egress-demo.sh) whose name only the sidecar's DNS
# knows (its --hosts-file). The seed's steps: enableEgress true -> curl -I https://httpbin.org:443 gets HTTP/2 200;
# false -> the request fails. The seed prints curl exit 7 (connection refused); a sidecar has already accepted the
# connection it intercepted, so Meshgate ends it without an answer instead: exit 35 for TLS, 52 for plain HTTP
# (docs in mesh-sidecar/README.md "Egress"). Beyond the seed: plain HTTP by Host on :80, and the sidecar's
# counters. Needs root, ip, iptables, setpriv, nginx and openssl. Exit status 0 when every check passes.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
# shellcheck source=../common/mesh-hosts.sh
source "$ROOT/examples/common/mesh-hosts.sh"
# shellcheck source=../common/mesh-policy-demo.sh
source "$ROOT/examples/common/mesh-policy-demo.sh"
# shellcheck source=../common/egress-demo.sh
source "$ROOT/examples/common/egress-demo.sh"

demo_start egress-passthrough
demo_control_plane
egress_init
CURL_IP=$(mesh_pod curl)
external_site httpbin httpbin.org
echo "-- hosts on $MESH_SUBNET: control plane $CP_IP, curl pod $CURL_IP (sidecar)," \
  "httpbin.org $(mesh_ip httpbin) (outside the mesh)"

https_get() { curl_result curl --cacert "$EGRESS_CA" https://httpbin.org:443; }
http_get() { curl_result curl http://httpbin.org:80/get; }

echo "-- 1. enable global egress passthrough"
mg patch meshconfig fsm-mesh-config -n fsm-system -p '{"spec":{"traffic":{"enableEgress":true}}}' --type=merge
check "MeshConfig: enableEgress true" "True" \
  "$(api "$API/api/v1/namespaces/fsm-system/meshconfigs/fsm-mesh-config" | json 'd["spec"]["traffic"]["enableEgress"]')"

echo "-- 2. the curl namespace (in the mesh), its ServiceAccount and pod with its sidecar"
mg apply -f "$HERE/namespaces.yaml"
without_deployments "$HERE/curl.yaml" | mg apply -n curl -f -
sidecar curl curl curl app=curl
check "kubectl get pods -n curl: curl Running" "curl Running" \
  "$(api "$API/api/v1/namespaces/curl/pods" | json '" ".join(p["metadata"]["name"] + " " + p["status"]["phase"] for p in d["items"])')"

echo "-- 3. curl -I https://httpbin.org:443 from the curl pod"
check "HTTP/2 200 through the sidecar" "HTTP/2 200" "$(https_get)"
check "beyond the seed: plain HTTP by Host, curl -sI http://httpbin.org:80/get: HTTP/1.1 200 OK" "HTTP/1.1 200" "$(http_get)"
check "the name resolves through the sidecar's DNS (its hosts file), not the pod's /etc/hosts" "$(mesh_ip httpbin)" \
  "$(mesh_exec curl getent ahostsv4 httpbin.org | head -1)"

echo "-- 4. disable mesh-wide egress"
site_requests() { wc -l < "$MESH_DIR/httpbin-httpbin.log"; }
mg patch meshconfig fsm-mesh-config -n fsm-system -p '{"spec":{"traffic":{"enableEgress":false}}}' --type=merge
# a change takes about a second to reach the sidecar: until then requests still pass
check_eventually "curl -I https://httpbin.org:443 fails (the seed's exit 7: here 35, no TLS answer)" "exit 35" 20 https_get
seen=$(site_requests)
check "curl -I https://httpbin.org:443 again: still exit 35" "exit 35" "$(https_get)"
check "beyond the seed: plain HTTP fails too (exit 52, an empty reply)" "exit 52" "$(http_get)"
check "... and the site saw neither request" "requests: $seen." "requests: $(site_requests)."

demo_finish
