#!/usr/bin/env python3
"""Stands in for https://httpbin.org in FSM's "FSM Ingress Controller - SSL Passthrough" demo: a
loopback HTTPS server (HTTP/1.1) whose /get answers httpbin-style JSON (args, headers, origin, url).
Usage: tls_server.py PORT CERT KEY"""
import json
import ssl
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "gunicorn/19.9.0"  # what the demo's httpbin shows

    def do_GET(self):
        if self.path.split("?")[0] != "/get":
            self.answer(404, {"error": "not found"})
            return
        host = self.headers.get("Host", "")
        self.answer(200, {
            "args": {},
            "headers": {name: value for name, value in self.headers.items()},
            "origin": self.client_address[0],
            "url": "https://" + host + self.path,
        })

    def answer(self, status, document):
        data = (json.dumps(document, indent=2) + "\n").encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Access-Control-Allow-Origin", "*")
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
context.load_cert_chain(sys.argv[2], sys.argv[3])
server = ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler)
server.socket = context.wrap_socket(server.socket, server_side=True)
server.serve_forever()
