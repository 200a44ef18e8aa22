#!/usr/bin/env bash
# Runs seed 3.2 (Ingress Controller - Basics, HTTP part) against a standalone Meshgate on loopback
# and checks the documented answers. Exit status 0 when every check passes.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
BACKEND_PORT=$(free_port); API_PORT=$(free_port); HTTP_PORT=$(free_port); HTTPS_PORT=$(free_port); ADMIN_PORT=$(free_port)

python3 "$HERE/backend.py" "$BACKEND_PORT" & pids+=($!)
MESHGATE_DATA_DIR="$work/data" MESHGATE_API_PORT=$API_PORT MESHGATE_HTTP_PORT=$HTTP_PORT \
  MESHGATE_HTTPS_PORT=$HTTPS_PORT MESHGATE_KERNEL_ADMIN_PORT=$ADMIN_PORT MESHGATE_CONSOLE_PORT=0 \
  "$ROOT/bin/meshgate" up > "$work/meshgate.log" 2>&1 & pids+=($!)
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$API_PORT/readyz" >/dev/null && break; sleep 0.5; done
curl -sf "http://127.0.0.1:$API_PORT/readyz" >/dev/null || { cat "$work/meshgate.log"; echo "meshgate did not start" >&2; exit 1; }

mg() { "$ROOT/bin/meshgate" --server "http://127.0.0.1:$API_PORT" --token "$(cat "$work/data/admin.token")" "$@"; }
mg apply -f "$HERE/manifests.yaml"
# the Deployment's pod, as an Endpoints object: both named ports go to the loopback backend
cat > "$work/endpoints.yaml" <<YAML
apiVersion: v1
kind: Endpoints
metadata:
  name: httpbin
  namespace: httpbin
subsets:
- addresses:
  - ip: 127.0.0.1
  ports:
  - name: http
    port: $BACKEND_PORT
YAML
mg apply -f "$work/endpoints.yaml"

fails=0
check() { # name expected actual
  if [[ "$3" == *"$2"* ]]; then echo "ok   $1"; else echo "FAIL $1: expected '$2', got '$3'"; fails=$((fails+1)); fi
}
get() { curl -s --max-time 5 "$@" --connect-to "example.com:80:127.0.0.1:$HTTP_PORT" || true; }
# the config reaches the gateway within a second of the apply; wait for it, do not sleep blindly
for _ in $(seq 1 40); do [[ "$(get http://example.com/hi)" == "Hi, there!" ]] && break; sleep 0.25; done

check "GET /hi gives Hi, there!" "Hi, there!" "$(get http://example.com/hi)"
check "GET / gives the Pipy page" "<h1>Hi, Pipy!</h1>" "$(get http://example.com/)"
check "GET /hi/more is not routed (Exact)" "404" "$(get -o /dev/null -w '%{http_code}' http://example.com/hi/more)"
check "another host is not routed" "404" "$(curl -s -o /dev/null -w '%{http_code}' -H 'Host: other.com' http://127.0.0.1:$HTTP_PORT/hi)"
check "the gateway proxy is in sync" '"inSync":true' "$(curl -s -H "Authorization: Bearer $(cat "$work/data/admin.token")" http://127.0.0.1:$API_PORT/api/v1/proxies)"
[ "$fails" -eq 0 ] || { echo "--- meshgate log"; tail -50 "$work/meshgate.log"; exit 1; }
echo "ingress-basics: all checks passed"
