#!/usr/bin/env python3
"""Stands in for seed 3.3's sample app (addozhang/httpbin on Pipy): plain HTTP on one port and HTTPS
on another with the seed's server-cert.pem/server-key.pem. / is a small HTML page, /hi answers
"Hi, there!", /api/private answers 401 "Staff only". Each TLS handshake's server name (SNI) is
printed as "sni=NAME" ("sni=" when none), and with CLIENT_CA_PEM a client certificate is asked for
(not required) and its subject CN printed as "client=CN" ("client=" when none), so the caller can
see what the gateway sent.
Usage: backend.py HTTP_PORT HTTPS_PORT CERT_PEM KEY_PEM [CLIENT_CA_PEM]"""
import ssl
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PAGE = """<!DOCTYPE html>
<html>
  <head>
    <title>Hi, Pipy!</title>
  </head>
  <body>
    <h1>Hi, Pipy!</h1>
    <p>This is a web page served from Pipy.</p>
  </body>
</html>
"""


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        if self.path == "/hi":
            self.answer(200, "Hi, there!\n", "text/plain")
        elif self.path == "/api/private":
            self.answer(401, "Staff only\n", "text/plain")
        elif self.path == "/":
            self.answer(200, PAGE, "text/html")
        else:
            self.answer(404, "Not found\n", "text/plain")

    def answer(self, status, body, content_type):
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


class TlsServer(ThreadingHTTPServer):
    """Handshakes in the request's own thread, so a slow or failing client never blocks accept."""

    def __init__(self, address, context):
        super().__init__(address, Handler)
        self.context = context

    def finish_request(self, request, client_address):
        tls = self.context.wrap_socket(request, server_side=True)
        if self.context.verify_mode != ssl.CERT_NONE:
            subject = dict(item for rdn in (tls.getpeercert() or {}).get("subject", ()) for item in rdn)
            print("client=" + subject.get("commonName", ""), flush=True)
        super().finish_request(tls, client_address)

    def handle_error(self, request, client_address):
        # a client that rejects our certificate aborts the handshake: expected in the demo
        pass


def on_sni(sock, name, context):
    print("sni=" + (name or ""), flush=True)


http_port, https_port, cert, key = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
tls.load_cert_chain(cert, key)
if len(sys.argv) > 5:
    tls.load_verify_locations(sys.argv[5])
    tls.verify_mode = ssl.CERT_OPTIONAL
tls.sni_callback = on_sni
threading.Thread(target=ThreadingHTTPServer(("127.0.0.1", http_port), Handler).serve_forever, daemon=True).start()
TlsServer(("127.0.0.1", https_port), tls).serve_forever()
