#!/usr/bin/env bash
# Runs FSM's demo "TCP Traffic Routing" (seed 1.3) on a mesh without Kubernetes: test hosts in network namespaces
# (examples/common/mesh-hosts.sh), Meshgate in the control-plane namespace, a tcp-echo pod (tcp_echo.py: the seed's
# echo server on 9000, appProtocol tcp) and a curl pod, each with `meshgate sidecar-init` and `meshgate sidecar`. The
# seed's steps: permissive mode, `echo hello | nc tcp-echo.tcp-demo 9000` -> "echo response: hello"; SMI mode without
# a policy -> no answer; the seed's TCPRoute + TrafficTarget -> "echo response: hello" again. Beyond the seed: a
# server-first port (appProtocol tcp-server-first, the pod greets first as SMTP does) whose greeting reaches a client
# that sends nothing, within a bound, in permissive mode and under its own TCPRoute; refused before that; and a
# TrafficSplit of that port over two pods, counted by connection through both sidecars' mTLS.
# Needs root, ip, iptables, setpriv and nc (Debian: netcat-openbsd). Exit status 0 when every check passes.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
# shellcheck source=../common/mesh-hosts.sh
source "$ROOT/examples/common/mesh-hosts.sh"
# shellcheck source=../common/mesh-policy-demo.sh
source "$ROOT/examples/common/mesh-policy-demo.sh"

command -v nc >/dev/null 2>&1 || { echo "tcp-routing: needs nc (Debian: apt-get install netcat-openbsd)" >&2; exit 1; }
# How long a greeting may take through both sidecars. A mesh client's sidecar opens its mTLS connection as soon as
# the application connects, so nothing waits for client bytes; 1 s is far above that and below the 2 s after which
# a sidecar gives up on a silent connection it refuses.
GREETING_BOUND_MS=1000

demo_start tcp-routing
demo_control_plane
echo "-- hosts on $MESH_SUBNET: control plane $CP_IP, tcp-echo pod $(mesh_pod tcp-echo), curl pod $(mesh_pod curl)"

# the seed's client: kubectl exec ... -c curl -- sh -c 'echo hello | nc tcp-echo.tcp-demo 9000' (bounded), with
# the exit status as kubectl prints it when it is not 0
echo_hello() {
  local out rc=0
  out=$(mesh_exec curl timeout 10 sh -c 'echo hello | nc tcp-echo.tcp-demo 9000' 2>&1) || rc=$?
  [ "$rc" -eq 0 ] && echo "$out" || echo "${out:+$out
}command terminated with exit code $rc"
}
# a server-first client that sends nothing: the greeting's first line and how long it took, or why none came
greeting() { mesh_exec curl python3 "$HERE/first_words.py" tcp-greeter.tcp-demo 2525 "${1:-5}" 2>&1 || true; }
# "in time" when the greeting came within GREETING_BOUND_MS, else what happened
greeting_in_time() {
  local out ms
  out=$(greeting)
  ms=$(sed -n 's/^greeting after \([0-9]*\) ms: .*/\1/p' <<< "$out")
  if [ -n "$ms" ] && [ "$ms" -le "$GREETING_BOUND_MS" ]; then echo "in time: $out"; else echo "not in time: $out"; fi
}
# "refused at once" when a refused server-first connection ended within GREETING_BOUND_MS without a greeting: a
# sidecar does not wait for the first bytes of a client that waits to be greeted
refused_at_once() {
  local out ms
  out=$(greeting)
  ms=$(sed -n 's/^closed after \([0-9]*\) ms without a greeting.*/\1/p' <<< "$out")
  if [ -n "$ms" ] && [ "$ms" -le "$GREETING_BOUND_MS" ]; then echo "refused at once: $out"; else echo "not refused at once: $out"; fi
}
# the curl sidecar's outbound rules for the demo's Services, from its admin on loopback: "rule protocol cluster"
rules() {
  mesh_exec curl curl -s -m 5 http://127.0.0.1:15000/config_dump | python3 -c '
import json, sys
config = json.load(sys.stdin)
for listener in config.get("listeners", []):
    for rule in listener.get("destinations") or []:
        if rule["name"].startswith("tcp-demo/"):
            print(rule["name"], rule["protocol"], rule.get("cluster"))'
}
condition() { # TrafficTarget type: "<status> <reason>" of that condition on TrafficTarget tcp-demo/tcp-access
  mg_out get traffictarget tcp-access -n tcp-demo -o json \
    | json '" ".join(c["status"] + " " + c["reason"] for c in d.get("status", {}).get("conditions", []) if c["type"] == "'"$1"'") or "no condition '"$1"'"'
}

echo "-- 2. the tcp-demo namespace, the tcp-echo Service (port 9000, appProtocol tcp) and pod (with its sidecar)"
mg apply -f "$HERE/namespaces.yaml"
without_deployments "$HERE/tcp-echo.yaml" | mg apply -n tcp-demo -f -
mg apply -n tcp-demo -f "$HERE/tcp-greeter.yaml"
mesh_spawn tcp-echo tcp-echo python3 "$HERE/tcp_echo.py" 9000 2525
mesh_wait 10 mesh_exec tcp-echo sh -c 'echo ping | timeout 2 nc 127.0.0.1 9000 | grep -q "echo response"' \
  || demo_die "the tcp-echo app did not start"
sidecar tcp-echo tcp-demo tcp-echo app=tcp-echo,version=v1
check "kubectl get svc -n tcp-demo: service/tcp-echo 9000/TCP" "tcp-echo 9000/TCP" \
  "$(api "$API/api/v1/namespaces/tcp-demo/services/tcp-echo" | json 'd["metadata"]["name"] + " " + str(d["spec"]["ports"][0]["port"]) + "/" + d["spec"]["ports"][0].get("protocol", "TCP")')"
check "kubectl get po -n tcp-demo: the tcp-echo pod Running" "tcp-echo Running" \
  "$(api "$API/api/v1/namespaces/tcp-demo/pods" | json '" ".join(p["metadata"]["name"] + " " + p["status"]["phase"] for p in d["items"])')"

echo "-- 3. the curl namespace and pod (with its sidecar)"
without_deployments "$HERE/curl.yaml" | mg apply -n curl -f -
sidecar curl curl curl app=curl
check "kubectl get pods -n curl: the curl pod Running" "curl Running" \
  "$(api "$API/api/v1/namespaces/curl/pods" | json '" ".join(p["metadata"]["name"] + " " + p["status"]["phase"] for p in d["items"])')"

echo "-- Using Permissive Traffic Policy Mode"
mg patch meshconfig fsm-mesh-config -n fsm-system --type=merge \
  -p '{"spec":{"traffic":{"enablePermissiveTrafficPolicyMode":true}}}'
check_eventually "echo hello | nc tcp-echo.tcp-demo 9000: echo response: hello" "echo response: hello" 30 echo_hello
check "the curl sidecar relays tcp-echo:9000 as TCP (appProtocol tcp), tcp-greeter:2525 as server-first TCP" \
  "tcp-demo/tcp-echo|9000 TCP tcp-demo/tcp-echo|9000 tcp-demo/tcp-greeter|2525 TCP_SERVER_FIRST tcp-demo/tcp-greeter|2525" \
  "$(rules | sort | xargs)"
GREETED=$(greeting_in_time)
check "beyond the seed: a server-first greeting reaches a client that sends nothing, within $GREETING_BOUND_MS ms" \
  "in time: greeting after" "$GREETED"
echo "     (${GREETED#in time: })"
check "beyond the seed: the server-first conversation goes on both ways" "220 tcp-echo ready 250 EHLO curl 221 bye" \
  "$(mesh_exec curl timeout 10 sh -c "printf 'EHLO curl\r\nQUIT\r\n' | nc tcp-greeter.tcp-demo 2525" 2>&1 | tr -d '\r' | xargs)"

echo "-- Using SMI Traffic Policy Mode"
mg patch meshconfig fsm-mesh-config -n fsm-system --type=merge \
  -p '{"spec":{"traffic":{"enablePermissiveTrafficPolicyMode":false}}}'
no_answer() { local out; out=$(echo_hello); [[ "$out" != *"echo response"* ]] && echo "no answer: $out" || echo "$out"; }
check_eventually "2. without SMI policies curl gets no echo response" "no answer" 30 no_answer
SILENT=$(echo_hello | xargs)
echo "     (nc: ${SILENT:-no output, exit status 0}; FSM's page: command terminated with exit code 1, see README.md)"
REFUSED=$(refused_at_once)
check "... nor a greeting: the server-first connection is refused at once (the curl sidecar's rule)" \
  "refused at once" "$REFUSED"
echo "     (${REFUSED#refused at once: })"

echo "-- 3. the seed's TCPRoute tcp-echo-route (port 9000) and TrafficTarget tcp-access (curl -> tcp-echo)"
mg apply -f "$HERE/tcp-route.yaml"
check_eventually "4. echo hello | nc tcp-echo.tcp-demo 9000: echo response: hello" "echo response: hello" 30 echo_hello
check_eventually "TrafficTarget tcp-access: Accepted" "True" 20 condition Accepted
check "TrafficTarget tcp-access: its TCPRoute resolved" "True" "$(condition ResolvedRefs)"
REFUSED=$(refused_at_once)
check "beyond the seed: port 2525 is in no TCPRoute of the TrafficTarget: no greeting, refused at once (tcp-echo's sidecar)" \
  "refused at once" "$REFUSED"
echo "     (${REFUSED#refused at once: })"

echo "-- beyond the seed: a TCPRoute for the server-first port, named by the TrafficTarget"
mg apply -f "$HERE/tcp-greeter-route.yaml"
check_eventually "the greeting reaches the client that sends nothing, within $GREETING_BOUND_MS ms" "in time: greeting after" \
  30 greeting_in_time
echo "     ($(greeting))"
check "the echo port still answers" "echo response: hello" "$(echo_hello)"

echo "-- beyond the seed: a canary of the server-first port, split by connection (TrafficSplit over two pods)"
mesh_pod tcp-echo-v2 >/dev/null
mesh_spawn tcp-echo-v2 tcp-echo-v2 python3 "$HERE/tcp_echo.py" 9000 2525 0.0.0.0 tcp-echo-v2
mesh_wait 10 mesh_exec tcp-echo-v2 sh -c 'echo ping | timeout 2 nc 127.0.0.1 9000 | grep -q "echo response"' \
  || demo_die "the tcp-echo-v2 app did not start"
sidecar tcp-echo-v2 tcp-demo tcp-echo app=tcp-echo,version=v2
mg apply -n tcp-demo -f "$HERE/tcp-split.yaml"
# the endpoints of the curl sidecar's split cluster for tcp-greeter:2525, "ip=weight ...", from its admin on loopback
split_cluster() {
  mesh_exec curl curl -s -m 5 http://127.0.0.1:15000/config_dump | python3 -c '
import json, sys
config = json.load(sys.stdin)
names = {c["name"]: c for c in config.get("clusters", [])}
for listener in config.get("listeners", []):
    for rule in listener.get("destinations") or []:
        if rule["name"] == "tcp-demo/tcp-greeter|2525":
            cluster = names.get(rule["cluster"], {})
            print(rule["cluster"], " ".join(e["address"] + "=" + str(e["weight"]) for e in cluster.get("endpoints", [])))'
}
# N connections that send nothing, counted by the pod that greeted: "v1=A v2=B other=C"
greeters() {
  local i out v1=0 v2=0 other=0
  for ((i = 0; i < $1; i++)); do
    out=$(greeting 5)
    case "$out" in
      *"220 tcp-echo ready"*) v1=$((v1 + 1)) ;;
      *"220 tcp-echo-v2 ready"*) v2=$((v2 + 1)) ;;
      *) other=$((other + 1)) ;;
    esac
  done
  echo "v1=$v1 v2=$v2 other=$other"
}
V1_IP=$(mesh_ip tcp-echo)
V2_IP=$(mesh_ip tcp-echo-v2)
check_eventually "the curl sidecar relays tcp-greeter:2525 to the split's cluster, 5000 per pod" \
  "tcp-demo/tcp-greeter|2525|split $V1_IP=5000 $V2_IP=5000" 30 split_cluster
COUNTS=$(greeters 20)
# the cluster's smooth weighted round robin alternates per event loop: both pods greet, neither all of them
check "20 connections: both pods greet, each between 4 and 16 times ($COUNTS)" "yes" \
  "$(python3 -c 'import re,sys; v1,v2,o=map(int,re.fullmatch(r"v1=(\d+) v2=(\d+) other=(\d+)",sys.argv[1]).groups()); print("yes" if o == 0 and 4 <= v1 <= 16 and 4 <= v2 <= 16 else "no")' "$COUNTS")"
sed 's/weight: 50/weight: WEIGHT/' "$HERE/tcp-split.yaml" | awk 'BEGIN{n=0} /weight: WEIGHT/{n++; sub(/WEIGHT/, n==1 ? "0" : "100")} {print}' \
  | mg apply -n tcp-demo -f -
check_eventually "weight 0 takes tcp-echo (v1) out of the split's cluster" "tcp-demo/tcp-greeter|2525|split $V2_IP=10000" 30 \
  split_cluster
check "20 connections: every one greeted by tcp-echo-v2" "v1=0 v2=20 other=0" "$(greeters 20)"

for proxy in sidecar.tcp-demo.tcp-echo sidecar.tcp-demo.tcp-echo-v2 sidecar.curl.curl; do
  check "$proxy registered, kind sidecar, in sync with its last config" "sidecar True" "$(proxy_state "$proxy")"
done
demo_finish
