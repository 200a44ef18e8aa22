# Test hosts for mesh demos, made of network namespaces on this machine (sourced by demo scripts).
# See /work/shared/ARCHITECTURE.md "Test hosts in network namespaces" for the rules this follows.
#
#   mesh_require                  fail (exit 1, with the reason) unless root with ip, iptables, setpriv, curl, python3
#   mesh_init                     the "node" namespace with the bridge; picks the subnet; sets `trap mesh_cleanup EXIT`
#   mesh_control_plane            the control-plane host on the bridge (for Meshgate itself); prints its IP
#   mesh_pod NAME                 a pod host on the bridge; prints its IP (ip=$(mesh_pod httpbin))
#   mesh_external NAME            a host on the bridge that is no pod (a server outside the cluster): no route to the
#                                 service CIDR, no resolv.conf; prints its IP
#   mesh_hosts_entry NAME IP N..  adds "IP N..." to host NAME's /etc/hosts (cluster DNS for a pod without a sidecar)
#   mesh_kube_proxy NAME VIP PORT IP:PORT  kube-proxy in host NAME: its connections to VIP:PORT go to IP:PORT (DNAT)
#   mesh_ns NAME                  the network namespace name of host NAME (for ip netns exec / ip -n)
#   mesh_ip NAME                  the IP of host NAME
#   mesh_exec NAME cmd...         runs cmd inside host NAME (the pod's /etc/resolv.conf included)
#   mesh_spawn NAME LOG cmd...    starts cmd in the background inside host NAME, output to $MESH_DIR/LOG.log;
#                                 its pid in MESH_LAST_PID (cleanup ends it with its namespace anyway)
#   mesh_wait SECONDS cmd...      runs cmd every 0.25 s until it succeeds; status 1 after SECONDS
#   mesh_cleanup                  ends every process in this run's namespaces, deletes them and their files
#
# Layout of one run (MESH_ID = "mg<pid>-<4 hex>", unique per run, so runs never share a name):
#   <id>-node  a bridge br0 holding the gateway address .1; one veth v<N> per host. The bridge and the
#              veths live only here: nothing is added to the root namespace, and interface names are short
#              because they only need to be unique inside this namespace (the pod end is always eth0).
#   <id>-cp    the control plane, .2 on the bridge; no default route.
#   <id>-NAME  a pod, .10 and up; lo up; no default route; one route for the service CIDR via .1, since
#              iptables (sidecar-init) can only intercept a connection the kernel has a route for: without
#              any route connect() fails before the OUTPUT chain ever sees the packet. A connection the
#              sidecar did not intercept reaches the node namespace, which has no route for the service CIDR
#              and answers at once with ICMP net-unreachable (connect: "Network is unreachable").
#              Any other address has no route at all and fails locally. /etc/netns/<id>-NAME/resolv.conf
#              says `nameserver 127.0.0.153`: `ip netns exec` bind-mounts it over /etc/resolv.conf, so
#              names resolve through the sidecar's DNS (sidecar-init redirects 127.0.0.153:53 to it).
#
# MESH_SERVICE_CIDR (default 10.96.0.0/12, Meshgate's --service-cidr default) is the range of Service IPs.

MESH_SERVICE_CIDR="${MESH_SERVICE_CIDR:-10.96.0.0/12}"
MESH_ID=""
MESH_DIR=""
MESH_SUBNET=""
MESH_PIDS=()

mesh_die() { echo "mesh-hosts: $*" >&2; exit 1; }
# runs a step or dies naming it: these functions often run inside $(...), where `set -e` does not reach
mesh_do() { "$@" || mesh_die "failed: $*"; }

mesh_require() {
  [ "${EUID:-$(id -u)}" = 0 ] || mesh_die "needs root (network namespaces, veth pairs and iptables); run it as root, e.g. with sudo"
  local tool missing=()
  for tool in ip iptables setpriv curl python3; do command -v "$tool" >/dev/null 2>&1 || missing+=("$tool"); done
  [ ${#missing[@]} -eq 0 ] || mesh_die "missing ${missing[*]} (Debian: apt-get install iproute2 iptables util-linux curl python3)"
}

# A /24 for the bridge that clashes with nothing on this machine: not inside or around any address or route of
# the root namespace (every routing table; default routes left out, more specific routes win over them), not the
# resolvers in /etc/resolv.conf (reached over the default route, so absent from the routing tables), not the
# service CIDR. The first free 10.200.0.0/24 .. 10.254.255.0/24 wins. Runs may pick the same /24: each run's
# bridge is alone in its own node namespace, so they never meet.
mesh_pick_subnet() {
  { ip -o -4 addr show | awk '{print $4}'
    # "PREFIX dev ..." or "TYPE PREFIX ..." (local, broadcast, unreachable, ...): words that are no prefix are skipped
    ip -4 route show table all | awk '$1 != "default" {print $1, $2}'
    awk '$1 == "nameserver" {print $2}' /etc/resolv.conf 2>/dev/null
    echo "$MESH_SERVICE_CIDR"
  } | python3 -c '
import ipaddress, sys
taken = []
for word in sys.stdin.read().split():
    try:
        taken.append(ipaddress.ip_network(word, strict=False))
    except ValueError:
        pass
taken = [n for n in taken if n.version == 4]
for x in range(200, 255):
    for y in range(256):
        net = ipaddress.ip_network(f"10.{x}.{y}.0/24")
        if not any(net.overlaps(t) for t in taken):
            print(net)
            sys.exit(0)
sys.exit("no free /24 in 10.200.0.0-10.254.255.255")'
}

mesh_ns() { echo "$MESH_ID-$1"; }
mesh_ip() { awk -v n="$1" '$1 == n {print $2}' "$MESH_DIR/hosts"; }
mesh_exec() { local name="$1"; shift; ip netns exec "$(mesh_ns "$name")" "$@"; }

mesh_init() {
  [ -z "$MESH_ID" ] || mesh_die "mesh_init called twice"
  MESH_ID="mg$$-$(printf '%04x' $((RANDOM % 65536)))"
  MESH_DIR=$(mktemp -d "/tmp/$MESH_ID.XXXX")
  trap mesh_cleanup EXIT
  trap 'exit 130' INT TERM # so that the EXIT trap runs
  MESH_SUBNET=$(mesh_pick_subnet) || mesh_die "could not pick a subnet"
  echo "$MESH_SUBNET" > "$MESH_DIR/subnet"
  : > "$MESH_DIR/hosts"
  local node
  node=$(mesh_ns node)
  mesh_do ip netns add "$node"
  mesh_do ip -n "$node" link set lo up
  # the pods need iptables' nat table (sidecar-init): find out here, in a namespace of this run, not at the first pod
  ip netns exec "$node" iptables -w 5 -t nat -S >/dev/null 2>&1 \
    || mesh_die "iptables cannot use the nat table in a network namespace: $(ip netns exec "$node" iptables -w 5 -t nat -S 2>&1 | head -1)"
  mesh_do ip -n "$node" link add br0 type bridge
  mesh_do ip -n "$node" addr add "$(mesh_host_ip 1)/24" dev br0
  mesh_do ip -n "$node" link set br0 up
  # routed (not bridged) traffic only ever comes here for the service CIDR. This namespace has no route for it:
  # with forwarding on, the kernel answers such a packet with ICMP net-unreachable at once (with forwarding off it
  # would drop it silently; an "unreachable" route would say host-unreachable), for every packet (no ICMP rate limit)
  mesh_do ip netns exec "$node" sysctl -qw net.ipv4.ip_forward=1 net.ipv4.icmp_ratelimit=0
  # the bridge switches frames; the node namespace's (empty) iptables need not see them
  ip netns exec "$node" sysctl -qw net.bridge.bridge-nf-call-iptables=0 2>/dev/null || true
}

mesh_host_ip() { # N: the N-th address of the subnet
  python3 -c 'import ipaddress, sys; print(ipaddress.ip_network(sys.argv[1])[int(sys.argv[2])])' "$MESH_SUBNET" "$1"
}

# NAME HOST-NUMBER KIND(pod|cp): a namespace joined to the bridge by a veth pair; prints its IP
mesh_host() {
  local name="$1" n="$2" kind="$3" ns node ip
  [ -n "$MESH_ID" ] || mesh_die "call mesh_init first"
  [[ "$name" =~ ^[a-z0-9]([a-z0-9-]*[a-z0-9])?$ ]] || mesh_die "host name '$name': lowercase letters, digits and '-' only"
  [ -z "$(mesh_ip "$name")" ] || mesh_die "host $name exists already"
  ns=$(mesh_ns "$name"); node=$(mesh_ns node); ip=$(mesh_host_ip "$n")
  mesh_do ip netns add "$ns"
  echo "$name $ip" >> "$MESH_DIR/hosts"
  mesh_do ip -n "$ns" link set lo up
  mesh_do ip -n "$node" link add "v$n" type veth peer name eth0 netns "$ns"
  mesh_do ip -n "$node" link set "v$n" master br0 up
  mesh_do ip -n "$ns" addr add "$ip/24" dev eth0
  mesh_do ip -n "$ns" link set eth0 up
  if [ "$kind" = pod ]; then
    mesh_do ip -n "$ns" route add "$MESH_SERVICE_CIDR" via "$(mesh_host_ip 1)" dev eth0
    [ -d /etc/netns ] || { mesh_do mkdir -p /etc/netns; touch "$MESH_DIR/made-etc-netns"; }
    mesh_do mkdir -p "/etc/netns/$ns"
    echo "nameserver 127.0.0.153" > "/etc/netns/$ns/resolv.conf" || mesh_die "cannot write /etc/netns/$ns/resolv.conf"
  fi
  echo "$ip"
}

mesh_control_plane() { mesh_host cp 2 cp; }

mesh_pod() {
  local pods
  pods=$(awk '$1 != "cp"' "$MESH_DIR/hosts" | wc -l)
  [ "$pods" -lt 240 ] || mesh_die "at most 240 pods"
  mesh_host "$1" $((10 + pods)) pod
}

mesh_external() {
  local hosts
  hosts=$(awk '$1 != "cp"' "$MESH_DIR/hosts" | wc -l)
  [ "$hosts" -lt 240 ] || mesh_die "at most 240 pods and external hosts"
  mesh_host "$1" $((10 + hosts)) external
}

# /etc/netns/<ns>/hosts is bind-mounted over /etc/hosts by `ip netns exec`, as resolv.conf is; nsswitch reads it
# before DNS, so a pod without a sidecar finds Service names as cluster DNS would give them
mesh_hosts_entry() {
  local name="$1" ip="$2" file; shift 2
  [ -n "$(mesh_ip "$name")" ] || mesh_die "no host $name"
  file="/etc/netns/$(mesh_ns "$name")/hosts"
  [ -d /etc/netns ] || { mesh_do mkdir -p /etc/netns; touch "$MESH_DIR/made-etc-netns"; }
  mesh_do mkdir -p "$(dirname "$file")"
  [ -f "$file" ] || printf '127.0.0.1\tlocalhost\n::1\tlocalhost\n' > "$file" || mesh_die "cannot write $file"
  echo "$ip $*" >> "$file" || mesh_die "cannot write $file"
}

# What kube-proxy does on a node for a pod without a sidecar: a Service's cluster IP and port rewritten to an
# endpoint (nat OUTPUT, in the pod's own namespace, so nothing outside this run changes)
mesh_kube_proxy() {
  local name="$1" vip="$2" port="$3" endpoint="$4"
  [ -n "$(mesh_ip "$name")" ] || mesh_die "no host $name"
  mesh_do mesh_exec "$name" iptables -w 5 -t nat -A OUTPUT -p tcp -d "$vip/32" --dport "$port" \
    -j DNAT --to-destination "$endpoint"
}

mesh_spawn() {
  local name="$1" log="$2"; shift 2
  ip netns exec "$(mesh_ns "$name")" "$@" > "$MESH_DIR/$log.log" 2>&1 &
  MESH_LAST_PID=$!
  MESH_PIDS+=("$MESH_LAST_PID")
}

mesh_wait() {
  local seconds="$1" deadline; shift
  deadline=$((SECONDS + seconds))
  until "$@"; do
    [ "$SECONDS" -lt "$deadline" ] || return 1
    sleep 0.25
  done
}

# Ends what runs in this run's namespaces (TERM, then KILL after 10 s), deletes the namespaces, their
# /etc/netns files and the state directory. Safe to call more than once and after a partial mesh_init.
mesh_cleanup() {
  [ -n "$MESH_ID" ] || return 0
  local ns pids deadline
  local mine=()
  while read -r ns _; do [[ "$ns" == "$MESH_ID-"* ]] && mine+=("$ns"); done < <(ip netns list)
  for ns in "${mine[@]}"; do
    pids=$(ip netns pids "$ns" 2>/dev/null)
    [ -z "$pids" ] || kill $pids 2>/dev/null || true
  done
  deadline=$((SECONDS + 10))
  for ns in "${mine[@]}"; do
    while [ -n "$(ip netns pids "$ns" 2>/dev/null)" ] && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.2; done
    pids=$(ip netns pids "$ns" 2>/dev/null)
    [ -z "$pids" ] || kill -KILL $pids 2>/dev/null || true
  done
  for ns in "${mine[@]}"; do
    ip netns del "$ns" 2>/dev/null || echo "mesh-hosts: could not delete namespace $ns" >&2
    rm -rf "/etc/netns/$ns"
  done
  # /etc/netns only when this run made it and it is empty (other runs may hold files there)
  [ ! -f "$MESH_DIR/made-etc-netns" ] || rmdir /etc/netns 2>/dev/null || true
  # reap the children mesh_spawn started (ended above with their namespaces)
  [ ${#MESH_PIDS[@]} -eq 0 ] || wait "${MESH_PIDS[@]}" 2>/dev/null || true
  MESH_PIDS=()
  [ -z "$MESH_DIR" ] || rm -rf "$MESH_DIR"
  MESH_ID=""
}
