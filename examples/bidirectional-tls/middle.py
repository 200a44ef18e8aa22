#!/usr/bin/env python3
"""The `middle` app of FSM's "Bi-direction TLS with FSM Ingress" demo, the part the ingress scenarios call.

  middle.py PORT        plain HTTP on 0.0.0.0:PORT, as the demo's container listens on 8080

GET /hello answers "hello world." (text/plain; charset=utf-8), as the demo shows. GET /time asks the demo's
egress server, http://server.egress-server.svc.cluster.local:8443/time, in plain HTTP as the demo's middle does:
its sidecar, under an Egress policy whose source has `mtls`, turns that into mTLS with the policy's certificate.
It answers the server's text, or 502 with the reason when the server cannot be reached. Anything else 404."""
import sys
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TIME_URL = "http://server.egress-server.svc.cluster.local:8443/time"


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        if self.path == "/hello":
            self.answer(200, "hello world.\n")
        elif self.path == "/time":
            try:
                with urllib.request.urlopen(TIME_URL, timeout=5) as reply:
                    self.answer(200, reply.read().decode())
            except urllib.error.HTTPError as e:
                self.answer(502, "egress server answered %d\n" % e.code)
            except OSError as e:
                self.answer(502, "egress server unreachable: %s\n" % e)
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
