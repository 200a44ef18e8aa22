#!/usr/bin/env bash
# Runs every part of FSM's "Ingress Controller - Basics" demo against a standalone Meshgate on loopback,
# with the demo's manifests (one file per step, applied with `-n httpbin` as the demo applies them),
# its openssl commands, its MeshConfig patch and Secret made with the CLI, and its curl commands:
# HTTP, HTTPS (plus the 308 from plain HTTP and the meshgate.io/ssl-redirect opt-out), path rewrite,
# lb-type hashing and round-robin, session-sticky. Exit status 0 when every check passes.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
BACKEND_PORT=$(free_port); POD1_PORT=$(free_port); POD2_PORT=$(free_port)
API_PORT=$(free_port); HTTP_PORT=$(free_port); HTTPS_PORT=$(free_port); ADMIN_PORT=$(free_port)
POD1=httpbin-5f69c44674-t9cxc; POD2=httpbin-5f69c44674-hrvqp

MESHGATE_DATA_DIR="$work/data" MESHGATE_API_PORT=$API_PORT MESHGATE_HTTP_PORT=$HTTP_PORT \
  MESHGATE_HTTPS_PORT=$HTTPS_PORT MESHGATE_KERNEL_ADMIN_PORT=$ADMIN_PORT MESHGATE_CONSOLE_PORT=0 \
  "$ROOT/bin/meshgate" up > "$work/meshgate.log" 2>&1 & pids+=($!)
# the sample app (one replica) and the two replicas of the load-balancing demos' app
python3 "$HERE/backend.py" "$BACKEND_PORT" & pids+=($!)
python3 "$HERE/backend.py" "$POD1_PORT" --pod "$POD1" & pids+=($!)
python3 "$HERE/backend.py" "$POD2_PORT" --pod "$POD2" & pids+=($!)

# the demo's commands write their files to the current directory; the CLI reads them from there too
cd "$work"
exec 3>"$work/openssl.log"
# --- Sample Application: the demo's CA and the app's own server certificate
openssl genrsa 2048 > ca-key.pem 2>&3
openssl req -new -x509 -nodes -days 365000 -key ca-key.pem -out ca-cert.pem -subj '/CN=flomesh.io' 2>&3
openssl genrsa -out server-key.pem 2048 2>&3
openssl req -new -key server-key.pem -out server.csr -subj '/CN=example.com' 2>&3
openssl x509 -req -in server.csr -CA ca-cert.pem -CAkey ca-key.pem -CAcreateserial -out server-cert.pem -days 365 2>&3

for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$API_PORT/readyz" >/dev/null && break; sleep 0.5; done
curl -sf "http://127.0.0.1:$API_PORT/readyz" >/dev/null || { cat "$work/meshgate.log"; echo "meshgate did not start" >&2; exit 1; }
mg() { "$ROOT/bin/meshgate" --server "http://127.0.0.1:$API_PORT" --token "$(cat "$work/data/admin.token")" "$@" >/dev/null; }
endpoints() { # the Deployment's pods as the Service's Endpoints: one subset per loopback backend port
  { printf 'apiVersion: v1\nkind: Endpoints\nmetadata:\n  name: httpbin\n  namespace: httpbin\nsubsets:\n'
    for port in "$@"; do printf -- '- addresses:\n  - ip: 127.0.0.1\n  ports:\n  - name: http\n    port: %s\n' "$port"; done
  } | mg apply -f -
}

# kubectl create namespace httpbin
mg apply -f - <<YAML
apiVersion: v1
kind: Namespace
metadata:
  name: httpbin
YAML
mg create secret generic -n httpbin server-cert --from-file=./server-cert.pem --from-file=./server-key.pem
mg apply -n httpbin -f "$HERE/00-app.yaml"
endpoints "$BACKEND_PORT"

fails=0
check() { # name expected actual
  if [[ "$3" == *"$2"* ]]; then echo "ok   $1"; else echo "FAIL $1: expected '$2', got '$3'"; fails=$((fails+1)); fi
}
http=(--connect-to "example.com:80:127.0.0.1:$HTTP_PORT")
https=(--connect-to "example.com:443:127.0.0.1:$HTTPS_PORT")
get() { curl -s --max-time 5 "$@" || true; }
status() { curl -s --max-time 5 -o /dev/null -w '%{http_code}' "$@" || true; }
# polls until the gateway answers as expected: a config reaches it within a second or so of a change
await() { # expected curl-args...
  local expected=$1; shift
  for _ in $(seq 1 60); do [[ "$(get "$@")" == *"$expected"* ]] && return 0; sleep 0.25; done
}
# the answers of n requests from one client, one per line, sorted and counted
answers() { # n curl-args...
  local n=$1; shift
  for _ in $(seq 1 "$n"); do get "$@"; echo; done | sort | uniq -c
}

# --- HTTP Protocol
mg apply -n httpbin -f "$HERE/10-http.yaml"
await "Hi, there!" http://example.com/hi "${http[@]}"
check "HTTP: /hi gives Hi, there!" "Hi, there!" "$(get http://example.com/hi "${http[@]}")"
check "HTTP: / gives the Pipy page" "<h1>Hi, Pipy!</h1>" "$(get http://example.com/ "${http[@]}")"
check "HTTP: /hi/more is not routed (Exact)" "404" "$(status http://example.com/hi/more "${http[@]}")"
check "HTTP: another host is not routed" "404" "$(status -H 'Host: other.com' "http://127.0.0.1:$HTTP_PORT/hi")"

# --- HTTPS protocol
export FSM_NAMESPACE=fsm-system
mg patch meshconfig fsm-mesh-config -n "$FSM_NAMESPACE" -p '{"spec":{"ingress":{"tls":{"enabled":true}}}}' --type=merge
mg apply -n httpbin -f "$HERE/20-https.yaml"
openssl genrsa -out ingress-key.pem 2048 2>&3
openssl req -new -key ingress-key.pem -out ingress.csr -subj '/CN=example.com' 2>&3
openssl x509 -req -in ingress.csr -CA ca-cert.pem -CAkey ca-key.pem -CAcreateserial -out ingress-cert.pem -days 365 2>&3
mg create secret generic -n httpbin ingress-cert \
  --from-file=tls.crt=./ingress-cert.pem --from-file=tls.key=ingress-key.pem --from-file=ca.crt=./ca-cert.pem
await "Hi, there!" --cacert ingress-cert.pem https://example.com/hi "${https[@]}"
check "HTTPS: curl --cacert ingress-cert.pem https://example.com/hi gives Hi, there!" "Hi, there!" \
  "$(get --cacert ingress-cert.pem https://example.com/hi "${https[@]}")"
check "HTTPS: the demo's CA verifies the gateway's certificate too" "<h1>Hi, Pipy!</h1>" \
  "$(get --cacert ca-cert.pem https://example.com/ "${https[@]}")"
check "HTTPS: no client certificate is asked for (MeshConfig mTLS is off)" "200" \
  "$(status --cacert ingress-cert.pem https://example.com/hi "${https[@]}")"
check "HTTPS: plain HTTP to the TLS host is redirected with 308 to the HTTPS port" \
  "308 https://example.com:$HTTPS_PORT/hi?q=1" \
  "$(get -o /dev/null -w '%{http_code} %{redirect_url}' 'http://example.com/hi?q=1' "${http[@]}")"
check "HTTPS: curl -L follows the redirect to Hi, there!" "Hi, there!" \
  "$(get -L --cacert ingress-cert.pem http://example.com/hi "${http[@]}" \
      --connect-to "example.com:$HTTPS_PORT:127.0.0.1:$HTTPS_PORT")"
mg patch ingress httpbin -n httpbin -p '{"metadata":{"annotations":{"meshgate.io/ssl-redirect":"false"}}}'
await "Hi, there!" http://example.com/hi "${http[@]}"
check "HTTPS: meshgate.io/ssl-redirect \"false\" serves plain HTTP again" "Hi, there!" \
  "$(get http://example.com/hi "${http[@]}")"
mg patch ingress httpbin -n httpbin -p '{"metadata":{"annotations":{"meshgate.io/ssl-redirect":null}}}'

# --- Path Rewrite (the Ingress has no tls any more: plain HTTP is served, not redirected)
mg apply -n httpbin -f "$HERE/30-rewrite.yaml"
await "Hi, there!" http://example.com/httpbin/hi "${http[@]}"
check "rewrite: /httpbin/hi reaches the backend as /hi" "Hi, there!" "$(get http://example.com/httpbin/hi "${http[@]}")"
check "rewrite: /httpbin reaches the backend as /" "<h1>Hi, Pipy!</h1>" "$(get http://example.com/httpbin "${http[@]}")"
check "rewrite: /hi is not routed any more" "404" "$(status http://example.com/hi "${http[@]}")"

# --- Specifying Load Balancing Algorithm: the two-replica app
mg apply -n httpbin -f "$HERE/40-app-two-replicas.yaml"
endpoints "$POD1_PORT" "$POD2_PORT"
mg apply -n httpbin -f "$HERE/41-lb-hashing.yaml"
await "Response from pod" http://example.com/ "${http[@]}"
seen=$(answers 10 http://example.com/ "${http[@]}")
check "lb-type hashing: 10 requests, all from one pod" "10 Response from pod httpbin-" "$seen"

mg apply -n httpbin -f "$HERE/42-lb-round-robin.yaml"
# round-robin is reached when both pods have answered (the hashing config keeps answering one)
for _ in $(seq 1 40); do
  seen=$(answers 4 http://example.com/ "${http[@]}")
  [[ "$seen" == *"$POD1"* && "$seen" == *"$POD2"* ]] && break; sleep 0.25
done
seen=$(answers 10 http://example.com/ "${http[@]}")
check "lb-type round-robin: pod $POD1 answers" "Response from pod $POD1" "$seen"
check "lb-type round-robin: pod $POD2 answers" "Response from pod $POD2" "$seen"

# --- Session Persistence
mg apply -n httpbin -f "$HERE/50-sticky.yaml"
await '~sticky"' "http://127.0.0.1:$ADMIN_PORT/config_dump"
seen=$(answers 10 http://example.com/ "${http[@]}")
check "session-sticky true: 10 requests, all from one pod" "10 Response from pod httpbin-" "$seen"

if [ "${MESHGATE_KERNEL_WARM_UP:-20s}" != 0 ]; then
  # the default start warms the JIT up through a throwaway kernel before it serves (README "Warm-up before serving")
  check "the start warmed the gateway up, no warm-up request failed" "(0 failed) through a throwaway kernel" \
    "$(grep 'warm-up: [0-9]' "$work/meshgate.log")"
fi
check "the gateway proxy is in sync" '"inSync":true' \
  "$(get -H "Authorization: Bearer $(cat "$work/data/admin.token")" "http://127.0.0.1:$API_PORT/api/v1/proxies")"
[ "$fails" -eq 0 ] || { echo "--- meshgate log"; tail -50 "$work/meshgate.log"; exit 1; }
echo "ingress-basics: all checks passed"
