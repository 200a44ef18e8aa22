#!/usr/bin/env bash
# Runs FSM's "Ingress Controller - Advanced TLS" demo against a standalone Meshgate on loopback: the
# demo's openssl commands, Secrets made with the CLI as the demo makes them with kubectl, its two
# Ingresses and curl commands, plus the failures the demo implies (an upstream signed by another CA,
# a client without a certificate or with one from another CA, a client chain deeper than
# tls-verify-depth). Exit status 0 when every check passes.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
BACKEND_HTTP_PORT=$(free_port); BACKEND_HTTPS_PORT=$(free_port)
API_PORT=$(free_port); HTTP_PORT=$(free_port); HTTPS_PORT=$(free_port); ADMIN_PORT=$(free_port)

MESHGATE_DATA_DIR="$work/data" MESHGATE_API_PORT=$API_PORT MESHGATE_HTTP_PORT=$HTTP_PORT \
  MESHGATE_HTTPS_PORT=$HTTPS_PORT MESHGATE_KERNEL_ADMIN_PORT=$ADMIN_PORT MESHGATE_CONSOLE_PORT=0 \
  "$ROOT/bin/meshgate" up > "$work/meshgate.log" 2>&1 & pids+=($!)

# the demo's commands write their files to the current directory; the CLI reads them from there too
cd "$work"
exec 3>"$work/openssl.log"
# --- Sample Application: a CA and a server certificate (CN=example.com, no SAN) for the backend
openssl genrsa 2048 > ca-key.pem 2>&3
openssl req -new -x509 -nodes -days 365000 -key ca-key.pem -out ca-cert.pem -subj '/CN=flomesh.io' 2>&3
openssl genrsa -out server-key.pem 2048 2>&3
openssl req -new -key server-key.pem -out server.csr -subj '/CN=example.com' 2>&3
openssl x509 -req -in server.csr -CA ca-cert.pem -CAkey ca-key.pem -CAcreateserial -out server-cert.pem -days 365 2>&3
# the Deployment's pod: HTTP and HTTPS (on the demo's server certificate) on loopback; it asks for a
# client certificate from the demo's CA and logs who presented one (the demo's log shows _mTLS true)
python3 "$HERE/backend.py" "$BACKEND_HTTP_PORT" "$BACKEND_HTTPS_PORT" server-cert.pem server-key.pem ca-cert.pem \
  > backend.log 2>&1 & pids+=($!)

for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$API_PORT/readyz" >/dev/null && break; sleep 0.5; done
curl -sf "http://127.0.0.1:$API_PORT/readyz" >/dev/null || { cat "$work/meshgate.log"; echo "meshgate did not start" >&2; exit 1; }
mg() { "$ROOT/bin/meshgate" --server "http://127.0.0.1:$API_PORT" --token "$(cat "$work/data/admin.token")" "$@" >/dev/null; }

mg apply -f - <<YAML
apiVersion: v1
kind: Namespace
metadata:
  name: httpbin
YAML
mg create secret generic -n httpbin server-cert --from-file=./server-cert.pem --from-file=./server-key.pem
mg apply -f "$HERE/manifests.yaml"
mg apply -f - <<YAML
apiVersion: v1
kind: Endpoints
metadata:
  name: httpbin
  namespace: httpbin
subsets:
- addresses:
  - ip: 127.0.0.1
  ports:
  - name: https
    port: $BACKEND_HTTPS_PORT
  - name: http
    port: $BACKEND_HTTP_PORT
YAML

fails=0
check() { # name expected actual
  if [[ "$3" == *"$2"* ]]; then echo "ok   $1"; else echo "FAIL $1: expected '$2', got '$3'"; fails=$((fails+1)); fi
}
# a refused TLS client: curl fails (non-zero exit status) and no answer from the backend gets through
check_refused() { # name curl-args...
  local name=$1 out rc=0; shift
  out=$(curl -s --max-time 5 "$@" 2>&1) || rc=$?
  if [[ $rc -ne 0 && "$out" != *"Hi, there!"* ]]; then echo "ok   $name (curl exit status $rc)"
  else echo "FAIL $name: expected a refused handshake, got exit status $rc and '$out'"; fails=$((fails+1)); fi
}
# polls until the gateway answers as expected (config reaches it within a second or so of a change)
await() { # expected curl-args...
  local expected=$1; shift
  for _ in $(seq 1 40); do [[ "$(curl -s --max-time 5 "$@" 2>/dev/null || true)" == *"$expected"* ]] && return 0; sleep 0.25; done
}
http=(--connect-to "example.com:80:127.0.0.1:$HTTP_PORT")
https=(--connect-to "example.com:443:127.0.0.1:$HTTPS_PORT")
status() { curl -s --max-time 5 -o /dev/null -w '%{http_code}' "$@" || true; }
annotate() { mg patch ingress httpbin -n httpbin -p "{\"metadata\":{\"annotations\":{$1}}}"; }
A=pipy.ingress.kubernetes.io

# --- HTTPS Upstream
mg apply -f "$HERE/ingress-https-upstream.yaml"
mg create secret generic -n httpbin tls-cert \
  --from-file=tls.crt=./ca-cert.pem --from-file=ca.crt=./ca-cert.pem --from-file=tls.key=ca-key.pem
await "Hi, there!" http://example.com/hi "${http[@]}"
check "HTTPS upstream, verified: /hi gives Hi, there!" "Hi, there!" "$(curl -s --max-time 5 http://example.com/hi "${http[@]}")"
check "HTTPS upstream: / gives the Pipy page" "<h1>Hi, Pipy!</h1>" "$(curl -s --max-time 5 http://example.com/ "${http[@]}")"
check "the gateway connected with TLS to the backend's HTTPS port, SNI example.com" "sni=example.com" "$(cat backend.log)"
check "the gateway presented tls-cert's tls.crt to the backend (upstream mTLS)" "client=flomesh.io" "$(cat backend.log)"

# an upstream CA that did not sign the backend's certificate (same subject CN=flomesh.io, another key)
openssl genrsa 2048 > other-ca-key.pem 2>&3
openssl req -new -x509 -nodes -days 365000 -key other-ca-key.pem -out other-ca-cert.pem -subj '/CN=flomesh.io' 2>&3
mg create secret generic -n httpbin other-ca --from-file=ca.crt=./other-ca-cert.pem
annotate "\"$A/upstream-ssl-secret\":\"httpbin/other-ca\""
await 502 -o /dev/null -w '%{http_code}' http://example.com/hi "${http[@]}"
check "upstream certificate from another CA, verify on: 502" "502" "$(status http://example.com/hi "${http[@]}")"
annotate "\"$A/upstream-ssl-verify\":\"false\""
await "Hi, there!" http://example.com/hi "${http[@]}"
check "upstream certificate from another CA, verify off: Hi, there!" "Hi, there!" "$(curl -s --max-time 5 http://example.com/hi "${http[@]}")"
# the right CA but a name the certificate does not carry
annotate "\"$A/upstream-ssl-secret\":\"httpbin/tls-cert\",\"$A/upstream-ssl-verify\":\"true\",\"$A/upstream-ssl-name\":\"other.example.com\""
await 502 -o /dev/null -w '%{http_code}' http://example.com/hi "${http[@]}"
check "upstream certificate for another name, verify on: 502" "502" "$(status http://example.com/hi "${http[@]}")"

# --- Client Certificate Verification: TLS and mTLS on (the demo's `fsm ingress enable --tls-enable --mtls`)
mg patch meshconfig fsm-mesh-config -n fsm-system -p '{"spec":{"ingress":{"tls":{"enabled":true,"mTLS":true}}}}'
openssl req -x509 -newkey rsa:4096 -keyout ingress-key.pem -out ingress-cert.pem -sha256 -days 365 -nodes -subj '/CN=example.com' 2>&3
mg create secret tls ingress-cert --cert=ingress-cert.pem --key=ingress-key.pem -n httpbin
openssl req -x509 -newkey rsa:4096 -keyout client-key.pem -out client-cert.pem -sha256 -days 365 -nodes -subj '/CN=flomesh.io' 2>&3
mg create secret generic -n httpbin trust-client-cert --from-file=ca.crt=./client-cert.pem
mg apply -f "$HERE/ingress-client-cert.yaml"
await "Hi, there!" --cacert ingress-cert.pem --cert client-cert.pem --key client-key.pem https://example.com/hi "${https[@]}"
check "client certificate: /hi gives Hi, there!" "Hi, there!" \
  "$(curl -s --max-time 5 --cacert ingress-cert.pem --cert client-cert.pem --key client-key.pem https://example.com/hi "${https[@]}")"
check_refused "no client certificate is refused" --cacert ingress-cert.pem https://example.com/hi "${https[@]}"
openssl req -x509 -newkey rsa:2048 -keyout stranger-key.pem -out stranger-cert.pem -sha256 -days 365 -nodes -subj '/CN=flomesh.io' 2>&3
check_refused "a client certificate nobody trusts is refused" --cacert ingress-cert.pem --cert stranger-cert.pem \
  --key stranger-key.pem https://example.com/hi "${https[@]}"

# --- tls-verify-depth: a root CA, two intermediates, a leaf under each
printf 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n' > ca.ext
printf 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\n' > client.ext
ec=(-newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes)
openssl req -x509 "${ec[@]}" -keyout depth-root-key.pem -out depth-root.pem -days 1 -subj '/CN=Depth Root CA' 2>&3
issue() { # name subject issuer extfile
  openssl req -new "${ec[@]}" -keyout "$1-key.pem" -out "$1.csr" -subj "$2" 2>&3
  openssl x509 -req -in "$1.csr" -CA "$3.pem" -CAkey "$3-key.pem" -CAcreateserial -out "$1.pem" -days 1 -extfile "$4" 2>&3
}
issue depth-int1 '/CN=Depth Intermediate 1' depth-root ca.ext
issue depth-int2 '/CN=Depth Intermediate 2' depth-int1 ca.ext
issue shallow '/CN=shallow client' depth-int1 client.ext
issue deep '/CN=deep client' depth-int2 client.ext
cat shallow.pem depth-int1.pem > shallow-chain.pem
cat deep.pem depth-int2.pem depth-int1.pem > deep-chain.pem
mg create secret generic -n httpbin depth-root-ca --from-file=ca.crt=./depth-root.pem
mg apply -f "$HERE/ingress-verify-depth.yaml"
shallow=(--cacert ingress-cert.pem --cert shallow-chain.pem --key shallow-key.pem https://example.com/hi "${https[@]}")
deep=(--cacert ingress-cert.pem --cert deep-chain.pem --key deep-key.pem https://example.com/hi "${https[@]}")
await "Hi, there!" "${shallow[@]}"
check "tls-verify-depth 1: a chain with 1 intermediate is accepted" "Hi, there!" "$(curl -s --max-time 5 "${shallow[@]}")"
check_refused "tls-verify-depth 1: a chain with 2 intermediates is refused" "${deep[@]}"
annotate "\"$A/tls-verify-depth\":\"2\""
await "Hi, there!" "${deep[@]}"
check "tls-verify-depth 2: the chain with 2 intermediates is accepted" "Hi, there!" "$(curl -s --max-time 5 "${deep[@]}")"

check "the gateway proxy is in sync" '"inSync":true' \
  "$(curl -s -H "Authorization: Bearer $(cat "$work/data/admin.token")" http://127.0.0.1:$API_PORT/api/v1/proxies)"
[ "$fails" -eq 0 ] || { echo "--- meshgate log"; tail -50 "$work/meshgate.log"; echo "--- backend log"; tail -20 backend.log; exit 1; }
echo "ingress-tls: all checks passed"
