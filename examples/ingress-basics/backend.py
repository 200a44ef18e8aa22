#!/usr/bin/env python3
"""Stands in for the seed's sample apps on loopback.

backend.py PORT             the httpbin app (addozhang/httpbin, HTTP port): / is a small HTML page,
                            /hi answers "Hi, there!", /api/private answers 401 "Staff only"
backend.py PORT --pod NAME  one replica of the two-replica app of the load-balancing and session
                            demos: every request answers "Response from pod NAME"
"""
import sys
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

POD = sys.argv[3] if len(sys.argv) > 3 and sys.argv[2] == "--pod" else None


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        if POD is not None:
            self.answer(200, "Response from pod " + POD, "text/plain")
        elif self.path == "/hi":
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


ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
