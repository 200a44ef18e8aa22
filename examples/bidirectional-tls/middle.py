#!/usr/bin/env python3
"""The `middle` app of FSM's "Bi-direction TLS with FSM Ingress" demo, the part the ingress scenarios call.

  middle.py PORT        plain HTTP on 0.0.0.0:PORT, as the demo's container listens on 8080

GET /hello answers "hello world." (text/plain; charset=utf-8), as the demo shows; anything else 404. The demo's
/time calls the egress-server through middle's sidecar and an Egress policy; that part is left out (run.sh)."""
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


if __name__ == "__main__":
    ThreadingHTTPServer(("0.0.0.0", int(sys.argv[1])), Handler).serve_forever()
