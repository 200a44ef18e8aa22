#!/usr/bin/env python3
"""Stands in for the `middle` service and its sidecar of FSM's "Bi-direction TLS with FSM Ingress" demo.

  backend.py http PORT                               plain HTTP (scenario 1)
  backend.py mtls PORT CERT KEY CA PRINCIPAL         TLS, client certificate required (scenarios 2, 3)

GET /hello answers "hello world.". In mtls mode the client must present a certificate chained to CA
(the mesh CA from GET /api/v1/ca) whose subjectAltName holds PRINCIPAL (the IngressBackend's
AuthenticatedPrincipal): what the mesh sidecar will enforce. Any other client is cut off after the
handshake, so the gateway answers 502."""
import ssl
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        if self.path == "/hello":
            self.answer(200, "hello world.\n")
        else:
            self.answer(404, "Not found\n")

    def answer(self, status, body):
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


class MutualTlsServer(ThreadingHTTPServer):
    """Handshakes on the request's own thread, then admits only the allowed principal."""

    def __init__(self, address, context, principal):
        super().__init__(address, Handler)
        self.context = context
        self.principal = principal

    def get_request(self):
        sock, address = self.socket.accept()
        return self.context.wrap_socket(sock, server_side=True, do_handshake_on_connect=False), address

    def finish_request(self, request, client_address):
        try:
            request.settimeout(10)
            request.do_handshake()
        except (ssl.SSLError, OSError) as e:
            print("backend: handshake refused:", e, file=sys.stderr, flush=True)
            return
        names = [value for kind, value in request.getpeercert().get("subjectAltName", ()) if kind in ("DNS", "URI")]
        if self.principal not in names:
            print("backend: principal %s not allowed (want %s)" % (names, self.principal), file=sys.stderr, flush=True)
            return
        super().finish_request(request, client_address)


def main():
    mode, port = sys.argv[1], int(sys.argv[2])
    if mode == "http":
        ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()
    cert, key, ca, principal = sys.argv[3:7]
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.load_cert_chain(cert, key)
    context.load_verify_locations(ca)
    context.verify_mode = ssl.CERT_REQUIRED
    MutualTlsServer(("127.0.0.1", port), context, principal).serve_forever()


if __name__ == "__main__":
    main()
