# External sites for the egress demos (sourced after mesh-hosts.sh and mesh-policy-demo.sh): servers on hosts of
# their own on the bridge (mesh_external: no pod, no sidecar), under the public names of FSM's demos
# (httpbin.org, flomesh.io). Nothing leaves the machine: the names exist only in this run's hosts file, which
# the sidecars' DNS answers from (`meshgate sidecar --hosts-file`), and the certificates are signed by a CA this
# run makes, a public CA's stand-in that the pods' curl trusts with --cacert.
#
#   egress_init                   the run's hosts file and CA; sets EGRESS_HOSTS_FILE, EGRESS_CA and
#                                 SIDECAR_HOSTS_FILE (so `sidecar` passes the hosts file); call once
#   external_site HOST NAME...    an external host serving httpbin (examples/common/httpbin.py) on :80 and over
#                                 TLS with HTTP/2 (nginx, certificate for the NAMEs) on :443; the NAMEs resolve to
#                                 it through the hosts file; prints nothing, dies on failure
#   external_mtls_site HOST NAME PORT  a server on :PORT over TLS (certificate for NAME) that requires a client
#                                 certificate signed by the run's CA and answers GET /time ("The current time: ...");
#                                 its access log ($MESH_DIR/HOST-site/access.log) records each client certificate's
#                                 subject and verification result
#   egress_gateway_pod HOST MODE  FSM's fsm-egress-gateway (mode http2tunnel or sock5) as pod HOST running
#                                 `meshgate egress-gateway`, its Service and the global EgressGateway policy; waits
#                                 until it serves on :1080 (sourced after mesh-policy-demo.sh: uses mg, api, json)
#   egress_issue DIR NAME         a key and certificate for NAME, signed by the run's CA, as DIR/tls.key, DIR/tls.crt

EGRESS_HOSTS_FILE=""
EGRESS_CA=""
EGRESS_CA_DIR=""

egress_init() {
  command -v nginx >/dev/null 2>&1 || mesh_die "missing nginx (Debian: apt-get install nginx-light; bin/test-deps installs it)"
  command -v openssl >/dev/null 2>&1 || mesh_die "missing openssl"
  EGRESS_HOSTS_FILE="$MESH_DIR/egress-hosts"
  printf '# names outside the mesh, for the sidecars of this run (meshgate sidecar --hosts-file)\n' > "$EGRESS_HOSTS_FILE"
  EGRESS_CA_DIR="$MESH_DIR/egress-ca"
  mkdir -p "$EGRESS_CA_DIR" && chmod 700 "$EGRESS_CA_DIR"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj "/CN=Egress demo public CA" \
    -keyout "$EGRESS_CA_DIR/ca.key" -out "$EGRESS_CA_DIR/ca.crt" >/dev/null 2>&1 || mesh_die "cannot make the demo CA"
  EGRESS_CA="$EGRESS_CA_DIR/ca.crt"
  SIDECAR_HOSTS_FILE="$EGRESS_HOSTS_FILE"
}

egress_issue() { # dir name: DIR/tls.key and DIR/tls.crt for NAME (server and client use), signed by the run's CA
  local dir="$1" name="$2"
  mkdir -p "$dir" && chmod 700 "$dir"
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=$name" \
    -keyout "$dir/tls.key" -out "$dir/tls.csr" >/dev/null 2>&1 || mesh_die "cannot make a key for $name"
  printf 'subjectAltName=DNS:%s\nextendedKeyUsage=serverAuth,clientAuth\n' "$name" > "$dir/ext.cnf"
  openssl x509 -req -in "$dir/tls.csr" -CA "$EGRESS_CA" -CAkey "$EGRESS_CA_DIR/ca.key" -CAcreateserial -days 2 \
    -extfile "$dir/ext.cnf" -out "$dir/tls.crt" >/dev/null 2>&1 || mesh_die "cannot sign a certificate for $name"
  chmod 600 "$dir/tls.key"
}

# nginx for an external host: TLS with HTTP/2 on 443 in front of httpbin on 127.0.0.1:8080 (and :80 for plain HTTP)
egress_nginx_conf() { # dir ip names... (server blocks appended by the caller before the closing brace)
  local dir="$1" ip="$2"; shift 2
  cat <<CONF
user root;
worker_processes 1;
pid $dir/nginx.pid;
events { worker_connections 64; }
http {
  access_log $dir/access.log;
  client_body_temp_path $dir/tmp/client-body;
  proxy_temp_path $dir/tmp/proxy;
  fastcgi_temp_path $dir/tmp/fastcgi;
  uwsgi_temp_path $dir/tmp/uwsgi;
  scgi_temp_path $dir/tmp/scgi;
  server {
    listen $ip:443 ssl http2;
    server_name $*;
    ssl_certificate $dir/tls.crt;
    ssl_certificate_key $dir/tls.key;
    location / { proxy_pass http://127.0.0.1:80; proxy_set_header Host \$host; }
  }
CONF
}

egress_start_nginx() { # host dir
  local host="$1" dir="$2"
  mesh_exec "$host" nginx -t -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log" > "$dir/nginx-test.log" 2>&1 \
    || mesh_die "nginx -t refused the $host site: $(cat "$dir/nginx-test.log")"
  mesh_spawn "$host" "$host-nginx" nginx -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log" -g 'daemon off;'
  mesh_wait 10 mesh_exec "$host" curl -s -o /dev/null -m 2 -k "https://$(mesh_ip "$host"):443/" \
    || mesh_die "nginx of the $host site did not start: $(tail -5 "$dir/error.log" 2>/dev/null)"
}

external_site() { # host name...
  local host="$1" ip dir; shift
  ip=$(mesh_external "$host")
  dir="$MESH_DIR/$host-site"
  mkdir -p "$dir/tmp"
  egress_issue "$dir" "$1"
  # every name of the site on its certificate
  if [ $# -gt 1 ]; then
    local sans="DNS:$1" name
    for name in "${@:2}"; do sans+=",DNS:$name"; done
    printf 'subjectAltName=%s\nextendedKeyUsage=serverAuth\n' "$sans" > "$dir/ext.cnf"
    openssl x509 -req -in "$dir/tls.csr" -CA "$EGRESS_CA" -CAkey "$EGRESS_CA_DIR/ca.key" -CAcreateserial -days 2 \
      -extfile "$dir/ext.cnf" -out "$dir/tls.crt" >/dev/null 2>&1 || mesh_die "cannot sign the $host certificate"
  fi
  mesh_spawn "$host" "$host-httpbin" python3 "$ROOT/examples/common/httpbin.py" 80
  mesh_wait 10 mesh_exec "$host" curl -sf -o /dev/null -m 2 http://127.0.0.1:80/ || mesh_die "httpbin of $host did not start"
  { egress_nginx_conf "$dir" "$ip" "$@"; echo "}"; } > "$dir/nginx.conf"
  egress_start_nginx "$host" "$dir"
  echo "$ip $*" >> "$EGRESS_HOSTS_FILE"
}


external_mtls_site() { # host name port
  local host="$1" name="$2" port="$3" ip dir
  ip=$(mesh_external "$host")
  dir="$MESH_DIR/$host-site"
  mkdir -p "$dir/tmp"
  egress_issue "$dir" "$name"
  cat > "$dir/nginx.conf" <<CONF
user root;
worker_processes 1;
pid $dir/nginx.pid;
events { worker_connections 64; }
http {
  log_format mtls '\$remote_addr "\$request" \$status client="\$ssl_client_s_dn" verify=\$ssl_client_verify';
  access_log $dir/access.log mtls;
  client_body_temp_path $dir/tmp/client-body;
  proxy_temp_path $dir/tmp/proxy;
  fastcgi_temp_path $dir/tmp/fastcgi;
  uwsgi_temp_path $dir/tmp/uwsgi;
  scgi_temp_path $dir/tmp/scgi;
  server {
    listen $ip:$port ssl;
    server_name $name;
    ssl_certificate $dir/tls.crt;
    ssl_certificate_key $dir/tls.key;
    ssl_client_certificate $EGRESS_CA;
    ssl_verify_client on;
    default_type text/plain;
    location = /time { return 200 "The current time: \$time_iso8601\n"; }
    location / { return 404 "Not found\n"; }
  }
}
CONF
  mesh_exec "$host" nginx -t -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log" > "$dir/nginx-test.log" 2>&1 \
    || mesh_die "nginx -t refused the $host site: $(cat "$dir/nginx-test.log")"
  mesh_spawn "$host" "$host-nginx" nginx -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log" -g 'daemon off;'
  # without a client certificate nginx answers 400: enough to know it is up
  mesh_wait 10 mesh_exec "$host" curl -s -o /dev/null -m 2 -k "https://$ip:$port/time" \
    || mesh_die "nginx of the $host site did not start: $(tail -5 "$dir/error.log" 2>/dev/null)"
  echo "$ip $name" >> "$EGRESS_HOSTS_FILE"
}

# FSM's fsm-egress-gateway as a pod of its own: MeshConfig egressGateway.mode MODE (http2tunnel or sock5), its
# ServiceAccount and Service (port 1080) from examples/common/egress-gateway.yaml, its Pod as a kubelet writes it (so the
# Service's Endpoints are the pod's address), the proxy registered with an admin token, and `meshgate egress-gateway`
# started in host HOST; names outside the mesh resolve there from the run's hosts file (the gateway resolves the
# hosts of tunnel requests itself). Then the EgressGateway policy that sends every source's egress through it.
egress_gateway_pod() { # host mode
  local host="$1" mode="$2" ip answer token line
  ip=$(mesh_pod "$host")
  while read -r line; do
    [ -n "$line" ] && [ "${line:0:1}" != "#" ] && mesh_hosts_entry "$host" $line
  done < "$EGRESS_HOSTS_FILE"
  mg patch meshconfig fsm-mesh-config -n fsm-system --type=merge -p "{\"spec\":{\"egressGateway\":{\"mode\":\"$mode\"}}}"
  mg apply -f "$ROOT/examples/common/egress-gateway.yaml"
  pod_without_sidecar "$host" fsm-system fsm-egress-gateway app=fsm-egress-gateway
  answer=$(api -X POST -H 'Content-Type: application/json' "$API/api/v1/proxies" \
    -d '{"name":"egress-gateway.fsm-system","kind":"egress"}')
  token=$(json 'd["token"]' <<< "$answer" 2>/dev/null) || mesh_die "could not register the egress gateway: $answer"
  mesh_spawn "$host" egress-gateway env MESHGATE_PROXY_TOKEN="$token" \
    "$ROOT/bin/meshgate" egress-gateway --server "$API" --ca-file "$CA" --data-dir "$MESH_DIR/egress-gateway-data"
  EGRESS_GATEWAY_PID=$MESH_LAST_PID
  mg apply -f "$ROOT/examples/common/egress-gateway-policy.yaml"
  local deadline=$((SECONDS + 90))
  until [ "$(proxy_state egress-gateway.fsm-system)" = "egress True" ] \
      && mesh_exec "$host" bash -c "exec 3<>/dev/tcp/$ip/1080" 2>/dev/null; do
    kill -0 "$EGRESS_GATEWAY_PID" 2>/dev/null || mesh_die "the egress gateway exited (log below)"
    [ "$SECONDS" -lt "$deadline" ] || mesh_die "the egress gateway did not serve its config on $ip:1080 within 90 s: $(proxy_state egress-gateway.fsm-system)"
    sleep 0.5
  done
}
