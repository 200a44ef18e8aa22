#!/usr/bin/env python3
"""Stands in for the sample app (addozhang/httpbin on Pipy) of FSM's "Ingress Controller - Advanced
TLS" demo: plain HTTP on one port and HTTPS on another with the demo's server-cert.pem/server-key.pem. / is a small HTML page, /hi answers
"Hi, there!", /api/private answers 401 "Staff only". Each TLS handshake's server name (SNI) is
printed as "sni=NAME" ("sni=" when none), and with CLIENT_CA_PEM a client certificate is asked for
(not required) and its subject CN printed as "client=CN" ("client=" when none), so the caller can
see what the gateway sent.
Usage: backend.py HTTP_PORT HTTPS_PORT CERT_PEM KEY_PEM [CLIENT_CA_PEM]"""
import os
import ssl
import sys
import threading
from http.server import ThreadingHTTPServer

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "common"))
from sample_app import SampleAppHandler  # noqa: E402


class TlsServer(ThreadingHTTPServer):
    """Handshakes in the request's own thread, so a slow or failing client never blocks accept."""

    def __init__(self, address, context):
        super().__init__(address, SampleAppHandler)
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
threading.Thread(target=ThreadingHTTPServer(("127.0.0.1", http_port), SampleAppHandler).serve_forever, daemon=True).start()
TlsServer(("127.0.0.1", https_port), tls).serve_forever()
