#!/usr/bin/env bash
# Checks the test hosts of mesh-hosts.sh without any sidecar: the namespaces, the bridge, what a pod can and
# cannot reach, the pod's resolv.conf, and that cleanup leaves nothing behind. With --meshgate it also starts
# Meshgate (bin/meshgate up) in the control-plane namespace bound to its bridge address and reads the API over
# HTTPS from a pod with the mesh CA. Needs root. Exit status 0 when every check passes.
# (Named *-test.sh, not run.sh: examples/run-all.sh runs only the demos.)
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
with_meshgate=false
[ "${1:-}" != "--meshgate" ] || with_meshgate=true
# shellcheck source=mesh-hosts.sh
source "$HERE/mesh-hosts.sh"
mesh_require

fails=0
check() { # name expected actual
  if [[ "$3" == *"$2"* ]]; then echo "ok   $1"; else echo "FAIL $1: expected '$2', got '$(echo "$3" | head -3)'"; fails=$((fails+1)); fi
}
links_before=$(ip -o link | wc -l)
routes_before=$(ip route show table all | md5sum)
resolv_before=$(cat /etc/resolv.conf)

if $with_meshgate; then # build first: Maven in a namespace has no network
  "$ROOT/bin/meshgate" --version >/dev/null
fi

mesh_init
cp_ip=$(mesh_control_plane)
a_ip=$(mesh_pod alpha)
b_ip=$(mesh_pod beta)
echo "-- run $MESH_ID on $MESH_SUBNET: cp $cp_ip, alpha $a_ip, beta $b_ip"
check "four namespaces (node, cp, alpha, beta)" "4" "$(ip netns list | grep -c "^$MESH_ID-")"
check "the root namespace got no interface" "$links_before" "$(ip -o link | wc -l)"
check "the root namespace got no route" "$routes_before" "$(ip route show table all | md5sum)"
check "lo up in a pod" "UP" "$(mesh_exec alpha ip -o link show lo)"
check "no default route in a pod" "" "$(mesh_exec alpha ip route show default)"
check "pod interface name" "eth0" "$(mesh_exec alpha ip -o -4 addr show dev eth0)"

mesh_spawn beta beta-httpbin python3 "$HERE/httpbin.py" 14001
mesh_wait 10 mesh_exec beta curl -sf -o /dev/null http://127.0.0.1:14001/ || { cat "$MESH_DIR/beta-httpbin.log"; exit 1; }
check "pod to pod over the bridge (HEAD /)" "HTTP/1.1 200" "$(mesh_exec alpha curl -sI -m 5 "http://$b_ip:14001/" | head -1)"
check "pod to pod: the server sees the pod's address" "\"origin\": \"$a_ip\"" "$(mesh_exec alpha curl -s -m 5 "http://$b_ip:14001/ip")"
check "control plane to pod" "HTTP/1.1 200" "$(mesh_exec cp curl -sI -m 5 "http://$b_ip:14001/" | head -1)"

# a Service IP nobody intercepted: answered by the node namespace at once (curl -v shows the connect error;
# curl's own message is only "Couldn't connect to server")
start=$SECONDS
out=$(mesh_exec alpha curl -sSv -m 2 http://10.96.0.1/ 2>&1 || true)
check "service CIDR without interception: Network is unreachable" "Network is unreachable" "$out"
check "... at once (< 2 s)" "yes" "$([ $((SECONDS - start)) -lt 2 ] && echo yes || echo "no, $((SECONDS - start)) s")"
out=$(mesh_exec alpha curl -sSv -m 2 http://203.0.113.1/ 2>&1 || true)
check "anything else: no route, Network is unreachable" "Network is unreachable" "$out"
out=$(mesh_exec cp curl -sSv -m 2 http://10.96.0.1/ 2>&1 || true)
check "the control plane has no route to the service CIDR" "Network is unreachable" "$out"
check "the pod's resolv.conf points at the sidecar DNS" "nameserver 127.0.0.153" "$(mesh_exec alpha cat /etc/resolv.conf)"
check "the root namespace's resolv.conf untouched" "$resolv_before" "$(cat /etc/resolv.conf)"
start=$SECONDS
out=$(mesh_exec alpha curl -sS -m 5 http://httpbin.httpbin:14001/ 2>&1 || true)
check "no DNS without a sidecar: the name does not resolve" "Could not resolve host" "$out"
check "... at once (< 2 s)" "yes" "$([ $((SECONDS - start)) -lt 2 ] && echo yes || echo "no, $((SECONDS - start)) s")"

if $with_meshgate; then
  echo "-- Meshgate in the control-plane namespace"
  data="$MESH_DIR/data"
  mesh_spawn cp meshgate env MESHGATE_DATA_DIR="$data" MESHGATE_CONSOLE_PORT=0 "$ROOT/bin/meshgate" up --bind "$cp_ip"
  api="https://$cp_ip:9091"
  if ! mesh_wait 120 mesh_exec alpha curl -sf -o /dev/null -m 2 --cacert "$data/ca/ca.crt" "$api/readyz"; then
    tail -30 "$MESH_DIR/meshgate.log"; echo "FAIL meshgate did not get ready at $api"; exit 1
  fi
  check "readyz over HTTPS from a pod, trusting data/ca/ca.crt" "200" \
    "$(mesh_exec alpha curl -s -o /dev/null -w '%{http_code}' -m 5 --cacert "$data/ca/ca.crt" "$api/readyz")"
  check "the API's certificate names the bridge address" "IP Address:$cp_ip" \
    "$(mesh_exec alpha openssl s_client -connect "$cp_ip:9091" -CAfile "$data/ca/ca.crt" </dev/null 2>/dev/null \
       | openssl x509 -noout -ext subjectAltName 2>/dev/null)"
  check "an authenticated call (whoami) from a pod" "\"role\":\"admin\"" \
    "$(mesh_exec alpha curl -s -m 5 --cacert "$data/ca/ca.crt" -H "Authorization: Bearer $(cat "$data/admin.token")" \
       "$api/api/v1/whoami" | tr -d ' ')"
  check "plain HTTP is not served" "000" \
    "$(mesh_exec alpha curl -s -o /dev/null -w '%{http_code}' -m 5 "http://$cp_ip:9091/readyz" || true)"
fi

id="$MESH_ID"
mesh_cleanup
check "cleanup: no namespace left" "" "$(ip netns list | grep "^$id-" || true)"
check "cleanup: no /etc/netns files left" "" "$(ls -d /etc/netns/"$id"-* 2>/dev/null || true)"
check "cleanup: the root namespace's interfaces as before" "$links_before" "$(ip -o link | wc -l)"
check "cleanup: no process of the run left" "" "$(pgrep -f "$id" || true)"
[ "$fails" -eq 0 ] || { echo "mesh-hosts: $fails checks failed"; exit 1; }
echo "mesh-hosts: all checks passed"
