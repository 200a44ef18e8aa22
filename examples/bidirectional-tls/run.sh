#!/usr/bin/env bash
# Runs the ingress side of FSM's demo "Bi-direction TLS with FSM Ingress" (seed 6.2, scenarios 1-3) on a mesh
# without Kubernetes: test hosts in network namespaces (examples/common/mesh-hosts.sh), Meshgate and its embedded
# ingress gateway in the control-plane namespace, the middle pod (middle.py) with `meshgate sidecar-init` and
# `meshgate sidecar`, and the demo's client (no sidecar) in a client namespace. Scenario 1: plain HTTP from the gateway
# to middle's sidecar, admitted by the IngressBackend's fsm-ingress Service source. Scenario 2: the gateway speaks mTLS
# to the sidecar with the certificate the control plane issues for MeshConfig certificate.ingressGateway
# (fsm.fsm-system.cluster.local); the sidecar verifies it against the mesh CA and the https IngressBackend's
# AuthenticatedPrincipal; another principal and a gateway without a client certificate are refused (403, relayed).
# Scenario 3: the same behind TLS at the gateway. The egress part of scenario 1: middle's /time asks the demo's server
# (an external host requiring a client certificate, examples/common/egress-demo.sh) in plain HTTP; under the seed's
# Egress with `mtls`, middle's sidecar speaks mTLS to it with the Secret egress-middle-cert.
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
command -v openssl >/dev/null || { echo "bidirectional-tls: openssl is missing (apt-get install openssl)" >&2; exit 1; }
demo_start bidirectional-tls

demo_control_plane
MIDDLE_IP=$(mesh_pod middle)
CLIENT_IP=$(mesh_pod client)
# the demo's egress server (namespace egress-server, outside the mesh): a host of its own whose name the sidecars'
# DNS answers from the run's hosts file; its CA stands in for the demo's pipy-ca
egress_init
external_mtls_site server server.egress-server.svc.cluster.local 8443
echo "-- hosts on $MESH_SUBNET: control plane and ingress gateway $CP_IP, middle pod $MIDDLE_IP, client $CLIENT_IP," \
  "egress server $(mesh_ip server)"
FSM_NAMESPACE=fsm-system
WORK="$MESH_DIR/files" # certificates and keys (MESH_DIR is private to root and deleted at the end)
mkdir -p "$WORK"
chmod 700 "$WORK"
MESH_CA="$WORK/mesh-ca.crt" # GET /api/v1/ca: what backends trust and what sidecars verify peers against
api -f "$API/api/v1/ca?output=pem" > "$MESH_CA" || demo_die "could not read the mesh CA"

# where fsm-ingress.fsm-system is: the Service fsm-system/fsm-ingress the control plane keeps for its gateway
fsm_ingress() { api "$API/api/v1/namespaces/$FSM_NAMESPACE/services/fsm-ingress"; }
ingress_host=$(fsm_ingress | json 'd["status"]["loadBalancer"]["ingress"][0]["ip"]') || demo_die "no fsm-ingress address: $ingress_host"
ingress_port() { fsm_ingress | json '[p["port"] for p in d["spec"]["ports"] if p["name"] == "'"$1"'"][0]'; }
http_port=$(ingress_port http) || demo_die "no fsm-ingress http port: $http_port"
https_port=$(ingress_port https) || demo_die "no fsm-ingress https port: $https_port"
# the demo's client: kubectl exec <client pod> -- curl -si http(s)://fsm-ingress.fsm-system/hello. The client has no
# sidecar (no DNS), so curl is told where the Service's load-balancer address and ports are
hello() {
  mesh_exec client curl -si -m 5 http://fsm-ingress.fsm-system/hello \
    --connect-to "fsm-ingress.fsm-system:80:$ingress_host:$http_port" 2>&1 || true
}
hello_tls() {
  mesh_exec client curl -si -m 5 https://fsm-ingress.fsm-system/hello --cacert "$WORK/client/ca.crt" \
    --connect-to "fsm-ingress.fsm-system:443:$ingress_host:$https_port" 2>&1 || true
}
status() { head -1 | tr -d '\r'; }
answers() { [[ "$($1)" == *"$2"* ]]; } # FUNCTION TEXT: the answer contains TEXT
await() { mesh_wait 30 answers "$@" || true; } # configs reach the gateway and the sidecar in about a second
# a request from HOST straight to the middle pod's address, past the gateway: its status code
straight() { # HOST SCHEME CURL-ARGS...
  local host="$1" scheme="$2"; shift 2
  mesh_exec "$host" curl -s -o /dev/null -w '%{http_code}' -m 5 "$@" "$scheme://$MIDDLE_IP:8080/hello" || true
}
# a key and CSR made with openssl, signed by the mesh CA through the API
sign() { # NAME SAN
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$WORK/$1.key" -out "$WORK/$1.csr" \
    -subj "/CN=$1" -addext "subjectAltName=DNS:$2" 2>/dev/null || demo_die "openssl could not make a CSR for $2"
  api -f -H 'Content-Type: application/pkcs10' --data-binary "@$WORK/$1.csr" \
    "$API/api/v1/certificates?output=pem" > "$WORK/$1.crt" || demo_die "the mesh CA did not sign $2"
}
sidecar_stats() { # meshgate proxy get stats middle -n egress-middle (FSM's fsm proxy get), from the control-plane host
  mesh_exec cp "$ROOT/bin/meshgate" --server "$API" --token "$TOKEN" --ca-file "$CA" proxy get stats middle -n egress-middle 2>&1 || true
}
denials() { # REASON: how many requests middle's sidecar refused on its inbound listener for REASON
  sidecar_stats | awk -v r="reason=$1" 'index($1, "meshgate_mesh_access_denied_total{") == 1 && index($1, "listener=inbound") \
    && (index($1, r ",") || index($1, r "}")) { n += $NF } END { print n + 0 }'
}
# FUNCTION REASON WHAT: one request through the gateway, refused by middle's sidecar: the status the gateway answers,
# the sidecar's own body ("access denied") relayed, and the sidecar's denial counter for REASON one up
# FUNCTION REASON ANSWER NAME: FUNCTION's request is refused by middle's sidecar for REASON and the gateway
# answers ANSWER: a mesh peer that is not granted gets the sidecar's 403, relayed; a peer without a verified
# certificate that no source admits (a stranger) is reset, so the gateway answers 502 (FSM resets such peers)
refused_by_sidecar() {
  local before after answer
  before=$(denials "$2"); answer=$($1); after=$(denials "$2")
  check "$4: the gateway answers $3" "$3" "$(status <<< "$answer")"
  if [ "$3" = "HTTP/1.1 403" ]; then check "$4: the body is the sidecar's (access denied)" "access denied" "$answer"; fi
  check "$4: middle's sidecar counted it as $2" "+1 request" "+$((after - before)) request"
}
secret_code() { api -o /dev/null -w '%{http_code}' "$API/api/v1/namespaces/$FSM_NAMESPACE/secrets/ingress-controller-cert"; }
secret_is() { [ "$(secret_code)" = "$1" ]; }

echo "-- install options (fsm install --set=fsm.fsmIngress.tls.enabled=true --set=fsm.fsmIngress.tls.mTLS=true)"
mg patch meshconfig fsm-mesh-config -n "$FSM_NAMESPACE" --type=merge -p '{"spec":{"ingress":{"tls":{"enabled":true,"mTLS":true}}}}'
# Meshgate enforces IngressBackends only with permissive mode off (in permissive mode every port admits anyone)
mg patch meshconfig fsm-mesh-config -n "$FSM_NAMESPACE" --type=merge \
  -p '{"spec":{"traffic":{"enablePermissiveTrafficPolicyMode":false}}}'

echo "-- deploy demo pods: egress-middle (fsm namespace add), middle.yaml, the middle pod with its sidecar; egress-client"
mg apply -f "$HERE/namespaces.yaml"
without_deployments "$HERE/middle.yaml" | mg apply -n egress-middle -f -
mesh_spawn middle middle python3 "$HERE/middle.py" 8080
mesh_wait 10 mesh_exec middle curl -sf -o /dev/null -m 2 http://127.0.0.1:8080/hello || demo_die "middle.py did not start"
sidecar middle egress-middle middle app=middle
check "kubectl get pods -n egress-middle: middle Running" "middle Running $MIDDLE_IP" \
  "$(api "$API/api/v1/namespaces/egress-middle/pods" | json '"; ".join(p["metadata"]["name"] + " " + p["status"]["phase"] + " " + p["status"].get("podIP", "") for p in d["items"])' || true)"

echo "-- scenario 1: client HTTP, FSM Ingress HTTP to middle's sidecar"
check "before the Ingress: 404" "HTTP/1.1 404" "$(hello | status)"
mg apply -f "$HERE/scenario1.yaml"
await hello "hello world."
check "scenario 1: HTTP/1.1 200 OK" "HTTP/1.1 200 OK" "$(hello | status)"
check "scenario 1: hello world." "hello world." "$(hello)"
check "IngressBackend egress-middle: Enforced by middle's sidecar" "True" \
  "$(api "$API/api/v1/namespaces/egress-middle/ingressbackends/egress-middle" \
     | json '[c["status"] for c in d["status"]["conditions"] if c["type"] == "Enforced"][0]' || true)"
check "the client straight to the middle pod: reset by its sidecar, no HTTP answer (only the gateway's address is a source)" "000" \
  "$(straight client http)"

echo "-- scenario 1, egress: middle's /time to the server in mTLS under an Egress policy"
time_of_day() {
  mesh_exec client curl -si -m 8 http://fsm-ingress.fsm-system/time \
    --connect-to "fsm-ingress.fsm-system:80:$ingress_host:$http_port" 2>&1 || true
}
mg patch meshconfig fsm-mesh-config -n "$FSM_NAMESPACE" -p '{"spec":{"traffic":{"enableEgress":false}}}' --type=merge
mg patch meshconfig fsm-mesh-config -n "$FSM_NAMESPACE" -p '{"spec":{"featureFlags":{"enableEgressPolicy":true}}}' --type=merge
check "egress passthrough off, no Egress: middle cannot reach the server (502 from middle)" "HTTP/1.1 502" \
  "$(time_of_day | status)"
# the demo downloads pipy-ca.crt, middle.crt and middle.key; here the run's CA (the server's) signs middle's certificate
egress_issue "$WORK/middle-egress" flomesh.io
mg create secret generic -n "$FSM_NAMESPACE" egress-middle-cert --from-file="ca.crt=$EGRESS_CA" \
  --from-file="tls.crt=$WORK/middle-egress/tls.crt" --from-file="tls.key=$WORK/middle-egress/tls.key"
mg apply -f "$HERE/egress-server-8443.yaml"
await time_of_day "The current time:"
check "Egress server-8443 with mtls: HTTP/1.1 200 OK" "HTTP/1.1 200 OK" "$(time_of_day | status)"
check "... The current time: ..." "The current time: " "$(time_of_day)"
check "the server verified middle's client certificate (the Secret's, CN flomesh.io)" "client=\"CN=flomesh.io\" verify=SUCCESS" \
  "$(tail -1 "$MESH_DIR/server-site/access.log")"
mg delete ingress -n egress-middle egress-middle
mg delete ingressbackend -n egress-middle egress-middle
mg delete egress -n egress-middle server-8443
mg delete secret -n "$FSM_NAMESPACE" egress-middle-cert
await hello "HTTP/1.1 404"

echo "-- scenario 2: client HTTP, FSM Ingress mTLS to middle's sidecar (certificate.ingressGateway)"
check "after the cleanup: 404" "HTTP/1.1 404" "$(hello | status)"
mg patch meshconfig fsm-mesh-config -n "$FSM_NAMESPACE" --type=merge -p "$(cat "$HERE/scenario2-meshconfig-patch.json")"
mesh_wait 30 secret_is 200 || demo_die "Secret $FSM_NAMESPACE/ingress-controller-cert was not issued within 30 s: $(secret_code)"
# the Secret's files (an admin token reads the key in clear): for openssl, and for the checks below
mkdir -p "$WORK/gw"
api "$API/api/v1/namespaces/$FSM_NAMESPACE/secrets/ingress-controller-cert" | python3 -c '
import base64, json, os, sys
data = json.load(sys.stdin)["data"]
for name in ("ca.crt", "tls.crt", "tls.key"):
    fd = os.open(os.path.join(sys.argv[1], name), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(base64.b64decode(data[name]))' "$WORK/gw" || demo_die "could not read the Secret ingress-controller-cert"
check "ingress-controller-cert issued for the SAN fsm.fsm-system.cluster.local" "DNS:fsm.fsm-system.cluster.local" \
  "$(openssl x509 -noout -ext subjectAltName -in "$WORK/gw/tls.crt" 2>&1)"
check "... chained to the mesh CA, which is its ca.crt" "tls.crt: OK" \
  "$(openssl verify -CAfile "$MESH_CA" "$WORK/gw/tls.crt" 2>&1; cmp "$MESH_CA" "$WORK/gw/ca.crt" 2>&1)"
mg apply -f "$HERE/scenario2.yaml"
await hello "hello world."
check "scenario 2: HTTP/1.1 200 OK over mTLS" "HTTP/1.1 200 OK" "$(hello | status)"
check "scenario 2: hello world." "hello world." "$(hello)"
check "what the gateway verified (upstream-ssl-name): middle's sidecar presents middle.egress-middle.cluster.local" \
  "DNS:middle.egress-middle.cluster.local" \
  "$(mesh_exec client openssl s_client -connect "$MIDDLE_IP:8080" -servername middle.egress-middle.cluster.local \
       -CAfile "$WORK/gw/ca.crt" -verify_hostname middle.egress-middle.cluster.local -verify_return_error </dev/null 2>/dev/null | openssl x509 -noout -ext subjectAltName 2>&1)"
check "protocol https: plaintext from the gateway's own address is reset (no HTTP answer), so the 200 came over mTLS" "000" \
  "$(straight cp http)"
check "no certificate: the client over TLS straight to middle is reset after the handshake (no principal)" "000" \
  "$(straight client https -k)"
check "the gateway's certificate used from the client's address: 403 (the Service source narrows the address)" "403" \
  "$(straight client https -k --cert "$WORK/gw/tls.crt" --key "$WORK/gw/tls.key")"

echo "-- beyond the demo: the gateway without its client certificate, then another principal"
mg create secret generic -n egress-middle mesh-ca-only --from-file="ca.crt=$MESH_CA"
mg apply -f "$HERE/scenario2-no-client-cert.yaml"
await hello "HTTP/1.1 502"
refused_by_sidecar hello peer_not_authenticated "HTTP/1.1 502" "upstream-ssl-secret with the CA only (no client certificate)"
mg apply -f "$HERE/scenario2.yaml"
await hello "hello world."
check "scenario 2's Ingress again: 200" "HTTP/1.1 200 OK" "$(hello | status)"
mg apply -f "$HERE/scenario2-other-principal.yaml"
await hello "HTTP/1.1 403"
refused_by_sidecar hello principal_not_granted "HTTP/1.1 403" "AuthenticatedPrincipal someone-else.egress-middle.cluster.local"
mg apply -f "$HERE/scenario2.yaml"
await hello "hello world."
check "scenario 2's IngressBackend again: 200" "HTTP/1.1 200 OK" "$(hello | status)"
STATS=$(sidecar_stats)
check "meshgate proxy get stats middle -n egress-middle: the inbound cluster served the requests" \
  "cluster.inbound|8080.upstream_rq_total: " \
  "$(grep -E '^cluster\.inbound\|8080\.upstream_rq_total: [1-9][0-9]*$' <<< "$STATS" \
     || echo "no non-zero line; inbound lines: $(grep inbound <<< "$STATS" | head -4 | tr '\n' ';') $(head -2 <<< "$STATS")")"
# the demo's cleanup
mg patch meshconfig fsm-mesh-config -n "$FSM_NAMESPACE" --type=merge -p '{"spec":{"certificate":{"ingressGateway":null}}}'
mesh_wait 30 secret_is 404 || true
check "cleanup: ingressGateway null deletes the Secret" "404" "$(secret_code)"
mg delete ingress -n egress-middle egress-middle
mg delete ingressbackend -n egress-middle egress-middle
await hello "HTTP/1.1 404"

echo "-- scenario 3: client TLS at FSM Ingress, FSM Ingress mTLS to middle's sidecar"
check "after the cleanup: 404" "HTTP/1.1 404" "$(hello | status)"
mg patch meshconfig fsm-mesh-config -n "$FSM_NAMESPACE" --type=merge -p \
  '{"spec":{"certificate":{"ingressGateway":{"secret":{"name":"ingress-controller-cert","namespace":"fsm-system"},"subjectAltNames":["fsm.fsm-system.cluster.local"],"validityDuration":"24h"}}}}'
# the demo downloads pipy-ca.crt and a certificate for fsm-ingress.fsm-system from fsm-docs; here the mesh CA signs one
mkdir -p "$WORK/client"
cp "$MESH_CA" "$WORK/client/ca.crt"
sign ingress-pipy fsm-ingress.fsm-system
mg create secret generic -n egress-middle ingress-pipy-cert-secret --from-file="ca.crt=$WORK/client/ca.crt" \
  --from-file="tls.crt=$WORK/ingress-pipy.crt" --from-file="tls.key=$WORK/ingress-pipy.key"
mg apply -f "$HERE/scenario3.yaml"
# FSM disable inbound mTLS: the client presents no certificate to the gateway
mg patch meshconfig fsm-mesh-config -n "$FSM_NAMESPACE" --type=merge -p '{"spec":{"ingress":{"tls":{"mTLS": false}}}}'
await hello_tls "hello world."
check "scenario 3: curl -si https://fsm-ingress.fsm-system/hello --cacert ca.crt: HTTP/2 200" "HTTP/2 200" "$(hello_tls | status)"
check "scenario 3: hello world." "hello world." "$(hello_tls)"
check "scenario 3: the client's TLS ends at the gateway, the gateway's mTLS at middle's sidecar (plaintext from the gateway still reset)" \
  "000" "$(straight cp http)"

check "sidecar.egress-middle.middle registered, kind sidecar, in sync with its last config" "sidecar True" \
  "$(proxy_state sidecar.egress-middle.middle)"
check "the ingress gateway in sync with its last config" "ingress True" "$(proxy_state ingress-gateway)"
demo_finish
