#!/usr/bin/env bash
# Runs FSM's demo "Service-based access control" (seed 6.3) on a mesh without Kubernetes: test hosts in network
# namespaces (examples/common/mesh-hosts.sh), Meshgate in the control-plane namespace, an httpbin pod with
# `meshgate sidecar-init` and `meshgate sidecar`, and a curl pod WITHOUT a sidecar (the seed's "mock external
# service": namespace curl is not added to the mesh), whose Pod the script registers as a kubelet would and which
# finds httpbin.httpbin:14001 as cluster DNS and kube-proxy would give it (/etc/hosts, a DNAT in its namespace).
# The seed's steps: no policy -> exit 56; Service curl and an AccessControl naming it -> 200; then an AccessCert,
# whose certificate curl presents to httpbin's sidecar over mTLS (HTTP/2 200). Beyond the seed: the policy follows
# the Service's endpoints, plaintext and certificate-less requests under the mTLS policy are refused, and (permissive
# mode off) a pod that is no endpoint of the Service is refused even with the certificate.
# Needs root, ip, iptables and setpriv. Exit status 0 when every check passes.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
# shellcheck source=../common/mesh-hosts.sh
source "$ROOT/examples/common/mesh-hosts.sh"
# shellcheck source=../common/mesh-policy-demo.sh
source "$ROOT/examples/common/mesh-policy-demo.sh"

demo_start access-control-service
demo_control_plane
HTTPBIN_IP=$(mesh_pod httpbin)
CURL_IP=$(mesh_pod curl)
INTRUDER_IP=$(mesh_pod intruder)
echo "-- hosts on $MESH_SUBNET: control plane $CP_IP, httpbin pod $HTTPBIN_IP (sidecar), curl pod $CURL_IP and" \
  "intruder pod $INTRUDER_IP (no sidecar)"
# the seed's curl -I http://httpbin.httpbin:14001/get in a pod, with curl's extra arguments
get() { local host="$1"; shift; curl_result "$host" "$@" http://httpbin.httpbin:14001/get; }
CERTS="$MESH_DIR/curl-certs"
# the seed's encrypted request: curl -ksI https://httpbin.httpbin:14001/get --cacert /certs/ca.crt --key ... --cert ...
get_mtls() { # host [more curl args]
  local host="$1"; shift
  curl_result "$host" -k --cacert "$CERTS/ca.crt" --key "$CERTS/tls.key" --cert "$CERTS/tls.crt" "$@" \
    https://httpbin.httpbin:14001/get
}
curl_endpoints() {
  api "$API/api/v1/namespaces/curl/endpoints/curl" \
    | json '" ".join(a["ip"] for s in d.get("subsets", []) for a in s.get("addresses", [])) or "none"'
}

access_demo_pods # httpbin with its sidecar, curl and intruder outside the mesh; no policy yet: curl is reset

echo "-- enable the access control feature; Service curl and the seed's Service-based policy"
mg patch meshconfig fsm-mesh-config -n fsm-system -p '{"spec":{"featureFlags":{"enableAccessControlPolicy":true}}}' --type=merge
mg apply -n curl -f "$HERE/curl-service.yaml"
check_eventually "Service curl/curl: its endpoints are the curl pod" "$CURL_IP" 20 curl_endpoints
mg apply -f "$HERE/access-control.yaml"
check_eventually "AccessControl with source Service curl/curl: HTTP/1.1 200 OK" "HTTP/1.1 200 OK" 20 get curl
check "beyond the seed: a pod that is no endpoint of Service curl is still reset" "exit 56" "$(get intruder)"
pod_without_sidecar intruder curl curl app=curl
check_eventually "beyond the seed: ... until Service curl selects it (label app=curl): 200" "HTTP/1.1 200 OK" 20 get intruder
mg delete pod intruder -n curl
check_eventually "beyond the seed: ... and reset again once its Pod is gone" "exit 56" 20 get intruder
mg delete accesscontrol httpbin -n httpbin
check_eventually "kubectl delete accesscontrol httpbin -n httpbin: exit 56 again" "exit 56" 20 get curl

echo "-- encrypted transfers: the AccessCert"
mg patch meshconfig fsm-mesh-config -n fsm-system -p '{"spec":{"featureFlags":{"enableAccessCertPolicy":true}}}' --type=merge
mg apply -f "$HERE/access-cert.yaml"
accesscert_status() {
  api "$API/api/v1/namespaces/httpbin/accesscerts/curl-mtls-cert" \
    | json 'd["status"]["currentStatus"] + " " + " ".join(c["type"] + "=" + c["status"] + "/" + c["reason"] for c in d["status"]["conditions"])'
}
check_eventually "AccessCert curl-mtls-cert: committed, Ready" "committed Ready=True/Issued" 20 accesscert_status
check "Secret curl/curl-mtls-secret: kubernetes.io/tls with ca.crt, tls.crt, tls.key" \
  "kubernetes.io/tls ca.crt,tls.crt,tls.key" \
  "$(api "$API/api/v1/namespaces/curl/secrets/curl-mtls-secret" | json 'd["type"] + " " + ",".join(sorted(d["data"]))')"
# the redeployed curl pod with the Secret at /certs (curl-mtls.yaml): the kubelet's secret volume
mount_secret curl curl-mtls-secret "$CERTS"
check "the certificate names curl.curl.cluster.local and chains to the mesh CA" "DNS:curl.curl.cluster.local OK" \
  "$(openssl x509 -in "$CERTS/tls.crt" -noout -ext subjectAltName | tail -1 | tr -d ' ') $(openssl verify -CAfile "$CA" "$CERTS/tls.crt" | awk '{print $NF}')"
viewer_token
check "a viewer reads the Secret without its key" "[redacted]" \
  "$(mesh_exec cp curl -s -m 10 --cacert "$CA" -H "Authorization: Bearer $VIEWER_TOKEN" \
     "$API/api/v1/namespaces/curl/secrets/curl-mtls-secret" | json 'd["data"]["tls.key"]')"

echo "-- the mTLS policy; curl -ksI https://httpbin.httpbin:14001/get with /certs"
mg apply -f "$HERE/access-control-mtls.yaml"
check_eventually "beyond the seed: plaintext from the Service's endpoint is refused now" "exit 56" 20 get curl
check "HTTP/2 200 over mTLS with the AccessCert's certificate" "HTTP/2 200" "$(get_mtls curl)"
# reset once the handshake is done and the client speaks (curl exits 18 or 56, as HTTP/2 or HTTP/1.1 sees it)
check "beyond the seed: TLS without a client certificate is refused" "exit " \
  "$(curl_result curl -k https://httpbin.httpbin:14001/get)"
check "beyond the seed: the sidecar's certificate is httpbin's identity from the mesh CA (no -k)" "HTTP/2 200" \
  "$(curl_result curl --cacert "$CERTS/ca.crt" --key "$CERTS/tls.key" --cert "$CERTS/tls.crt" \
     --connect-to httpbin.httpbin.cluster.local:14001:httpbin.httpbin:14001 https://httpbin.httpbin.cluster.local:14001/get)"

echo "-- beyond the seed, permissive mode off: the policy alone decides"
mg patch meshconfig fsm-mesh-config -n fsm-system -p '{"spec":{"traffic":{"enablePermissiveTrafficPolicyMode":false}}}' --type=merge
check_eventually "the certificate from an endpoint of Service curl: HTTP/2 200" "HTTP/2 200" 20 get_mtls curl
check_eventually "the same certificate from a pod that is no endpoint of it: 403" "HTTP/2 403" 20 get_mtls intruder

echo "-- clean-up as the seed does"
mg delete accesscontrol httpbin -n httpbin
mg delete accesscert curl-mtls-cert -n httpbin
check_eventually "kubectl delete accesscert: its Secret is deleted with it" "404" 20 \
  api -o /dev/null -w '%{http_code}' "$API/api/v1/namespaces/curl/secrets/curl-mtls-secret"
check "sidecar.httpbin.httpbin registered, kind sidecar, in sync" "sidecar True" "$(proxy_state sidecar.httpbin.httpbin)"
demo_finish
