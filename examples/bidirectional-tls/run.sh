#!/usr/bin/env bash
# Runs the ingress side of FSM's "Bi-direction TLS with FSM Ingress" demo (scenarios 1-3) against a
# standalone Meshgate on loopback and checks the documented answers. The egress parts of the demo wait
# for the mesh (sidecars, Egress policies). Exit status 0 when every check passes.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
API_PORT=$(free_port); HTTP_PORT=$(free_port); HTTPS_PORT=$(free_port); ADMIN_PORT=$(free_port)
PLAIN_PORT=$(free_port); MTLS_PORT=$(free_port); WRONG_PORT=$(free_port)

MESHGATE_DATA_DIR="$work/data" MESHGATE_API_PORT=$API_PORT MESHGATE_HTTP_PORT=$HTTP_PORT \
  MESHGATE_HTTPS_PORT=$HTTPS_PORT MESHGATE_KERNEL_ADMIN_PORT=$ADMIN_PORT \
  "$ROOT/bin/meshgate" up > "$work/meshgate.log" 2>&1 & pids+=($!)
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$API_PORT/readyz" >/dev/null && break; sleep 0.5; done
curl -sf "http://127.0.0.1:$API_PORT/readyz" >/dev/null || { cat "$work/meshgate.log"; echo "meshgate did not start" >&2; exit 1; }

TOKEN=$(cat "$work/data/admin.token")
mg() { "$ROOT/bin/meshgate" --server "http://127.0.0.1:$API_PORT" --token "$TOKEN" "$@" >/dev/null; }
api() { curl -s -H "Authorization: Bearer $TOKEN" "$@"; }
api_code() { api -o /dev/null -w '%{http_code}' "http://127.0.0.1:$API_PORT$1"; }
# the demo's client: curl -si http://fsm-ingress.fsm-system/hello, sent to the gateway's ports
hello() { curl -si --max-time 5 http://fsm-ingress.fsm-system/hello \
  --connect-to "fsm-ingress.fsm-system:80:127.0.0.1:$HTTP_PORT" || true; }
hello_tls() { curl -si --max-time 5 https://fsm-ingress.fsm-system/hello --cacert "$work/ca.crt" \
  --connect-to "fsm-ingress.fsm-system:443:127.0.0.1:$HTTPS_PORT" || true; }
status() { head -1 | tr -d '\r'; }
# waits (at most ~20 s) until "$1" prints something containing "$2"; configs reach the gateway in about a second
wait_for() { for _ in $(seq 1 80); do [[ "$($1)" == *"$2"* ]] && return 0; sleep 0.25; done; return 0; }
fails=0
check() { # name expected actual
  if [[ "$3" == *"$2"* ]]; then echo "ok   $1"; else echo "FAIL $1: expected '$2', got '$(echo "$3" | head -3)'"; fails=$((fails+1)); fi
}
endpoints() { # the middle pod's address: one loopback backend port
  cat > "$work/endpoints.yaml" <<YAML
apiVersion: v1
kind: Endpoints
metadata:
  name: middle
  namespace: egress-middle
subsets:
- addresses:
  - ip: 127.0.0.1
  ports:
  - name: http
    port: $1
YAML
  mg apply -f "$work/endpoints.yaml"
}
# a key and CSR made with openssl, signed by the mesh CA through the API; prints nothing
sign() { # name SAN
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$work/$1.key" -out "$work/$1.csr" \
    -subj "/CN=$1" -addext "subjectAltName=DNS:$2" 2>/dev/null
  api -f -H 'Content-Type: application/pkcs10' --data-binary "@$work/$1.csr" \
    "http://127.0.0.1:$API_PORT/api/v1/certificates?output=pem" > "$work/$1.crt"
}

# the demo's prerequisite: fsm install --set=fsm.fsmIngress.tls.enabled=true --set=fsm.fsmIngress.tls.mTLS=true
mg patch meshconfig fsm-mesh-config -n fsm-system -p '{"spec":{"ingress":{"tls":{"enabled":true,"mTLS":true}}}}' --type=merge
mg apply -f "$HERE/middle-service.yaml"
python3 "$HERE/backend.py" http "$PLAIN_PORT" & pids+=($!)
endpoints "$PLAIN_PORT"

echo "-- scenario 1: client HTTP, ingress HTTP"
check "before the Ingress: 404" "404" "$(hello | status)"
mg apply -f "$HERE/scenario1.yaml"
wait_for hello "hello world."
check "scenario 1: 200" "HTTP/1.1 200" "$(hello | status)"
check "scenario 1: hello world." "hello world." "$(hello)"
mg delete ingress -n egress-middle egress-middle
mg delete ingressbackend -n egress-middle egress-middle
wait_for "hello" "404"

echo "-- scenario 2: client HTTP, ingress to middle mTLS with the control plane's certificate"
check "after cleanup: 404" "404" "$(hello | status)"
mg patch meshconfig fsm-mesh-config -n fsm-system -p "$(cat "$HERE/scenario2-meshconfig-patch.json")" --type=merge
wait_for "api_code /api/v1/namespaces/fsm-system/secrets/ingress-controller-cert" "200"
secret=$(api "http://127.0.0.1:$API_PORT/api/v1/namespaces/fsm-system/secrets/ingress-controller-cert")
python3 -c 'import base64,json,sys; d=json.load(sys.stdin)["data"]; [open(sys.argv[1]+"/gw-"+k,"wb").write(base64.b64decode(v)) for k,v in d.items()]' \
  "$work" <<< "$secret"
check "ingressGateway Secret issued for the SAN" "DNS:fsm.fsm-system.cluster.local" \
  "$(openssl x509 -noout -ext subjectAltName -in "$work/gw-tls.crt" 2>&1)"
api -f "http://127.0.0.1:$API_PORT/api/v1/ca?output=pem" > "$work/ca.crt"
check "its certificate chains to the mesh CA" "OK" "$(openssl verify -CAfile "$work/ca.crt" "$work/gw-tls.crt" 2>&1)"
sign middle middle.egress-middle.cluster.local
PRINCIPAL=$(grep -A1 'kind: AuthenticatedPrincipal' "$HERE/scenario2.yaml" | sed -n 's/.*name: *//p')
python3 "$HERE/backend.py" mtls "$MTLS_PORT" "$work/middle.crt" "$work/middle.key" "$work/ca.crt" "$PRINCIPAL" \
  2>>"$work/backend.log" & pids+=($!)
python3 "$HERE/backend.py" mtls "$WRONG_PORT" "$work/middle.crt" "$work/middle.key" "$work/ca.crt" \
  "someone-else.egress-middle.cluster.local" 2>>"$work/backend.log" & pids+=($!)
endpoints "$MTLS_PORT"
mg apply -f "$HERE/scenario2.yaml"
wait_for hello "hello world."
check "scenario 2: 200 over mTLS" "HTTP/1.1 200" "$(hello | status)"
check "scenario 2: hello world." "hello world." "$(hello)"
check "a client without the issued certificate is refused by middle" "000" \
  "$(curl -sk -o /dev/null -w '%{http_code}' --max-time 5 "https://127.0.0.1:$MTLS_PORT/hello" || true)"
endpoints "$WRONG_PORT"
wait_for "hello" "502"
check "a principal other than the certificate's SAN: 502" "502" "$(hello | status)"
grep -q "not allowed" "$work/backend.log" && echo "ok   middle refused the principal" \
  || { echo "FAIL middle did not log the refusal"; fails=$((fails+1)); }
endpoints "$MTLS_PORT"
mg patch meshconfig fsm-mesh-config -n fsm-system -p '{"spec":{"certificate":{"ingressGateway":null}}}' --type=merge
wait_for "api_code /api/v1/namespaces/fsm-system/secrets/ingress-controller-cert" "404"
check "cleanup: ingressGateway null deletes the Secret" "404" \
  "$(api_code /api/v1/namespaces/fsm-system/secrets/ingress-controller-cert)"
mg delete ingress -n egress-middle egress-middle
mg delete ingressbackend -n egress-middle egress-middle
wait_for "hello" "404"

echo "-- scenario 3: client TLS at the ingress, ingress to middle mTLS"
check "after cleanup: 404" "404" "$(hello | status)"
mg patch meshconfig fsm-mesh-config -n fsm-system --type=merge -p \
  '{"spec":{"certificate":{"ingressGateway":{"secret":{"name":"ingress-controller-cert","namespace":"fsm-system"},"subjectAltNames":["fsm.fsm-system.cluster.local"],"validityDuration":"24h"}}}}'
sign ingress-pipy fsm-ingress.fsm-system
mg create secret generic -n egress-middle ingress-pipy-cert-secret --from-file="ca.crt=$work/ca.crt" \
  --from-file="tls.crt=$work/ingress-pipy.crt" --from-file="tls.key=$work/ingress-pipy.key"
mg apply -f "$HERE/scenario3.yaml"
mg patch meshconfig fsm-mesh-config -n fsm-system -p '{"spec":{"ingress":{"tls":{"mTLS": false}}}}' --type=merge
wait_for hello_tls "hello world."
check "scenario 3: 200 over TLS to the ingress and mTLS to middle" " 200" "$(hello_tls | status)"
check "scenario 3: hello world." "hello world." "$(hello_tls)"

[ "$fails" -eq 0 ] || { echo "--- meshgate log"; tail -50 "$work/meshgate.log"; echo "--- backend log"; cat "$work/backend.log" 2>/dev/null; exit 1; }
echo "bidirectional-tls: all checks passed"
