#!/usr/bin/env bash
# Runs FSM's demo "Ingress with Kubernetes Nginx Ingress Controller" (seed 3.4) on a mesh without Kubernetes: test
# hosts in network namespaces (examples/common/mesh-hosts.sh), Meshgate in the control-plane namespace, the httpbin
# pod with `meshgate sidecar-init` and `meshgate sidecar`, a real nginx (Debian's) in the ingress-nginx host without a
# sidecar as the third-party ingress, and a client host. Permissive mode is off. Steps: plain HTTP from nginx admitted
# by the IngressBackend's Service source (200; the pod's address resets the client: curl exit 56); then the client
# certificate the control plane issues for MeshConfig certificate.ingressGateway, nginx proxying over mTLS with it
# and an IngressBackend of protocol https naming its identity (200); the principal changed (403 Forbidden); client
# certificate validation skipped (200). Needs root, ip, iptables, setpriv, nginx and openssl.
# Exit status 0 when every check passes.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
# shellcheck source=../common/mesh-hosts.sh
source "$ROOT/examples/common/mesh-hosts.sh"
# shellcheck source=../common/mesh-policy-demo.sh
source "$ROOT/examples/common/mesh-policy-demo.sh"
NGINX=$(command -v nginx || true)
[ -n "$NGINX" ] || [ ! -x /usr/sbin/nginx ] || NGINX=/usr/sbin/nginx
[ -n "$NGINX" ] || { echo "ingress-nginx-mesh: nginx is missing (apt-get install nginx-light; bin/test-deps does)" >&2; exit 1; }
command -v openssl >/dev/null || { echo "ingress-nginx-mesh: openssl is missing (apt-get install openssl)" >&2; exit 1; }
demo_start ingress-nginx-mesh

demo_control_plane
HTTPBIN_IP=$(mesh_pod httpbin)
NGINX_IP=$(mesh_pod ingress-nginx)
CLIENT_IP=$(mesh_pod client)
echo "-- hosts on $MESH_SUBNET: control plane $CP_IP, httpbin pod $HTTPBIN_IP, nginx $NGINX_IP, client $CLIENT_IP"
fsm_namespace=fsm-system
nginx_ingress_namespace=ingress-nginx
nginx_ingress_service=ingress-nginx-controller

echo "-- permissive traffic policy mode off: only policies let clients in"
mg patch meshconfig fsm-mesh-config -n "$fsm_namespace" --type=merge \
  -p '{"spec":{"traffic":{"enablePermissiveTrafficPolicyMode":false}}}'

echo "-- the namespaces (fsm namespace add ingress-nginx --disable-sidecar-injection) and nginx's Service"
mg apply -f "$HERE/namespaces.yaml"
sed "s/NGINX_IP/$NGINX_IP/" "$HERE/ingress-nginx.yaml" | mg apply -f -
# no cloud load balancer in front of nginx: its host's address is where clients reach it
nginx_ingress_host=$NGINX_IP
# kubectl -n "$nginx_ingress_namespace" get service "$nginx_ingress_service" -o jsonpath='{.spec.ports[?(@.name=="http")].port}'
nginx_ingress_port=$(api "$API/api/v1/namespaces/$nginx_ingress_namespace/services/$nginx_ingress_service" \
  | json '[p["port"] for p in d["spec"]["ports"] if p["name"] == "http"][0]') || demo_die "no http port: $nginx_ingress_port"

echo "-- the httpbin namespace, sample and pod (httpbin on :14001 with its sidecar)"
without_deployments "$HERE/httpbin.yaml" | mg apply -n httpbin -f -
mesh_spawn httpbin httpbin python3 "$ROOT/examples/common/httpbin.py" 14001
mesh_wait 10 mesh_exec httpbin curl -sf -o /dev/null -m 2 http://127.0.0.1:14001/ || demo_die "httpbin did not start"
sidecar httpbin httpbin httpbin app=httpbin
check "kubectl get pods -n httpbin: httpbin Running" "httpbin Running $HTTPBIN_IP" \
  "$(api "$API/api/v1/namespaces/httpbin/pods" | json '"; ".join(p["metadata"]["name"] + " " + p["status"]["phase"] + " " + p["status"].get("podIP", "") for p in d["items"])' || true)"

# nginx in its host, configured as ingress-nginx would render the Ingress (see nginx-http.conf)
NGINX_DIR="$MESH_DIR/ingress-nginx"
mkdir -p "$NGINX_DIR/tmp"
NGINX_LOG="$MESH_DIR/nginx-error.log" # beside the other logs: printed when the run fails
render_nginx() {
  sed -e "s|@DIR@|$NGINX_DIR|g" -e "s|@LOG@|$NGINX_LOG|g" -e "s|@HTTPBIN_IP@|$HTTPBIN_IP|g" "$HERE/$1" > "$NGINX_DIR/nginx.conf"
}
nginx_cmd() { mesh_exec ingress-nginx "$NGINX" -p "$NGINX_DIR" -c "$NGINX_DIR/nginx.conf" -e "$NGINX_LOG" "$@"; }
# curl -sI http://"$nginx_ingress_host":"$nginx_ingress_port"/get, from a client outside the mesh
through_nginx() { mesh_exec client curl -sI -m 5 "http://$nginx_ingress_host:$nginx_ingress_port/get" 2>&1 | head -1 | tr -d '\r'; }
nginx_answers() { [[ "$(through_nginx)" == "HTTP/1.1 $1"* ]]; }
status_from() { # HOST: the status line of a plaintext request from HOST straight to the httpbin pod, or
  # "curl exit N" when no HTTP answer came (a sidecar resets peers no source admits, as FSM's does)
  local out rc=0
  out=$(mesh_exec "$1" curl -sI -m 5 "http://$HTTPBIN_IP:14001/get" 2>/dev/null) || rc=$?
  if [ -n "$out" ]; then head -1 <<< "$out" | tr -d '\r'; else echo "curl exit $rc"; fi
}

echo "-- HTTP Ingress: the seed's Ingress (class nginx) and IngressBackend (source: nginx's Service)"
mg apply -f "$HERE/http.yaml"
render_nginx nginx-http.conf
nginx_cmd -t > "$MESH_DIR/nginx-test.log" 2>&1 || demo_die "nginx -t refused nginx-http.conf: $(cat "$MESH_DIR/nginx-test.log")"
mesh_spawn ingress-nginx nginx "$NGINX" -p "$NGINX_DIR" -c "$NGINX_DIR/nginx.conf" -e "$NGINX_LOG" -g 'daemon off;'
mesh_wait 30 nginx_answers 200 || true
check "curl -sI http://\$nginx_ingress_host:\$nginx_ingress_port/get: HTTP/1.1 200 OK" "HTTP/1.1 200 OK" "$(through_nginx)"
check "the Ingress of class nginx is stored, not served by Meshgate's gateway" "nginx" \
  "$(api "$API/api/v1/namespaces/httpbin/ingresses/httpbin" | json 'd["spec"]["ingressClassName"]' || true)"
check "the client straight to the httpbin pod: reset, curl exit 56 (only nginx's endpoints are admitted)" "curl exit 56" \
  "$(status_from client)"

echo "-- HTTPS Ingress: MeshConfig certificate.ingressGateway, then the seed's HTTPS Ingress and IngressBackend"
mg patch meshconfig fsm-mesh-config -n "$fsm_namespace" --type=merge -p "$(cat "$HERE/meshconfig-ingress-gateway.json")"
client_secret() { api "$API/api/v1/namespaces/$fsm_namespace/secrets/fsm-nginx-client-cert"; }
secret_issued() { client_secret | json 'd["data"]["tls.key"]' >/dev/null 2>&1; }
mesh_wait 30 secret_issued || demo_die "Secret $fsm_namespace/fsm-nginx-client-cert was not issued within 30 s: $(client_secret)"
# nginx reads the Secret's files, as ingress-nginx does for proxy-ssl-secret (an admin token reads the key in clear)
mkdir -p "$NGINX_DIR/fsm-nginx-client-cert"
chmod 700 "$NGINX_DIR/fsm-nginx-client-cert"
client_secret | python3 -c '
import base64, json, os, sys
data = json.load(sys.stdin)["data"]
for name in ("ca.crt", "tls.crt", "tls.key"):
    path = os.path.join(sys.argv[1], name)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(base64.b64decode(data[name]))' "$NGINX_DIR/fsm-nginx-client-cert" || demo_die "could not write the Secret's files"
CERTS="$NGINX_DIR/fsm-nginx-client-cert"
check "the Secret's certificate names nginx's identity" "DNS:ingress-nginx.ingress-nginx.cluster.local" \
  "$(openssl x509 -in "$CERTS/tls.crt" -noout -ext subjectAltName 2>&1)"
check "... and chains to the mesh CA" "tls.crt: OK" "$(openssl verify -CAfile "$CA" "$CERTS/tls.crt" 2>&1)"
mg apply -f "$HERE/https.yaml"
plaintext_from_nginx_refused() { [[ "$(status_from ingress-nginx)" == "curl exit 56" ]]; }
mesh_wait 20 plaintext_from_nginx_refused || true
check "protocol https: plaintext from nginx's own address is reset now (curl exit 56)" "curl exit 56" \
  "$(status_from ingress-nginx)"
# ingress-nginx reloads nginx when the Ingress changes; here run.sh renders the config and reloads
render_nginx nginx-https.conf
nginx_cmd -t > "$MESH_DIR/nginx-test.log" 2>&1 || demo_die "nginx -t refused nginx-https.conf: $(cat "$MESH_DIR/nginx-test.log")"
# A reload is asynchronous: the master logs "reconfiguring" and starts new workers, or keeps the old configuration
# (plain HTTP, which the sidecar now resets: 502) when the new one fails. And until an old worker has exited it may
# still accept a connection on the shared listening socket and serve it with the old configuration (seen once: a
# 502 after the new workers had answered 200). So wait for the new workers and for the old one to exit, and show
# nginx's own log when the request still fails, so a failure names its cause.
nginx_log_count() { local n; n=$(grep -c "$1" "$NGINX_LOG" 2>/dev/null) || true; echo "${n:-0}"; }
workers_before=$(nginx_log_count 'start worker process')
exited_before=$(nginx_log_count 'worker process [0-9]* exited')
nginx_cmd -s reload || demo_die "nginx did not reload"
nginx_reloaded() { [ "$(nginx_log_count 'start worker process')" -gt "$workers_before" ] \
  && [ "$(nginx_log_count 'worker process [0-9]* exited')" -gt "$exited_before" ]; }
mesh_wait 20 nginx_reloaded || demo_die "nginx did not replace its workers within 20 s of the reload: $(tail -20 "$NGINX_LOG")"
mesh_wait 30 nginx_answers 200 || true
check "mTLS with nginx's certificate: HTTP/1.1 200 OK" "HTTP/1.1 200 OK" "$(through_nginx)"
nginx_answers 200 || { echo "--- nginx's error log (last 20 lines)"; tail -20 "$NGINX_LOG"; }
with_certificate_from() { # HOST: the status line of an mTLS request with nginx's certificate from HOST to the pod
  mesh_exec "$1" curl -sI -m 5 --http1.1 --cert "$CERTS/tls.crt" --key "$CERTS/tls.key" --cacert "$CERTS/ca.crt" \
    --connect-to "httpbin.httpbin.cluster.local:14001:$HTTPBIN_IP:14001" \
    "https://httpbin.httpbin.cluster.local:14001/get" 2>&1 | head -1 | tr -d '\r'
}
check "nginx's certificate from nginx's address (curl): 200" "HTTP/1.1 200" "$(with_certificate_from ingress-nginx)"
check "nginx's certificate from another address: 403 (the Service source narrows the address)" "HTTP/1.1 403" \
  "$(with_certificate_from client)"

echo "-- the principal changed to untrusted-client.cluster.local"
mg apply -f "$HERE/https-untrusted.yaml"
mesh_wait 20 nginx_answers 403 || true
check "curl -sI ...: HTTP/1.1 403 Forbidden" "HTTP/1.1 403 Forbidden" "$(through_nginx)"

echo "-- skipClientCertValidation: true, the untrusted principal still named"
mg apply -f "$HERE/https-skip-validation.yaml"
mesh_wait 20 nginx_answers 200 || true
check "curl -sI ...: HTTP/1.1 200 OK again" "HTTP/1.1 200 OK" "$(through_nginx)"
check "... still only from nginx's address (403 from the client with the same certificate)" "HTTP/1.1 403" \
  "$(with_certificate_from client)"

check "sidecar.httpbin.httpbin registered, kind sidecar, in sync with its last config" "sidecar True" \
  "$(proxy_state sidecar.httpbin.httpbin)"
demo_finish
