"""A small stand-in for the httpbin pod of FSM's mesh demos (flomesh/httpbin, gunicorn on :14001), for a pod
namespace: python3 httpbin.py [PORT (14001)] [ADDRESS (0.0.0.0)].

Every method is answered (HEAD without a body, as `curl -I` expects):
  /                the httpbin index page (HTML), 200
  /get, /anything  JSON {method, url, args, headers, origin}, 200 (what the application received through the mesh)
  /headers         JSON {headers}, 200
  /ip              JSON {origin}, 200
  /status/CODE     an empty answer with that status
  anything else    404
"""
import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

INDEX = """<!DOCTYPE html>
<html>
<head><title>httpbin.org</title></head>
<body><h2>httpbin.org</h2><p>A simple HTTP Request &amp; Response Service.</p></body>
</html>
"""


class HttpbinHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "httpbin"
    sys_version = ""

    def handle_any(self):
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        url = urlsplit(self.path)
        headers = {name.title(): value for name, value in self.headers.items()}
        origin = self.client_address[0]
        if url.path == "/":
            self.answer(200, INDEX, "text/html; charset=utf-8")
        elif url.path in ("/get", "/anything") or url.path.startswith("/anything/"):
            args = {k: v[0] if len(v) == 1 else v for k, v in parse_qs(url.query).items()}
            self.answer_json({"method": self.command, "url": self.path, "args": args, "headers": headers,
                              "origin": origin})
        elif url.path == "/headers":
            self.answer_json({"headers": headers})
        elif url.path == "/ip":
            self.answer_json({"origin": origin})
        elif url.path.startswith("/status/") and url.path[len("/status/"):].isdigit():
            self.answer(int(url.path[len("/status/"):]), "", "text/plain")
        else:
            self.answer(404, "Not found\n", "text/plain")

    do_GET = do_HEAD = do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = handle_any

    def answer_json(self, body):
        self.answer(200, json.dumps(body, indent=2) + "\n", "application/json")

    def answer(self, status, body, content_type):
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Access-Control-Allow-Origin", "*")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def log_message(self, fmt, *args):
        sys.stderr.write("%s %s\n" % (self.client_address[0], fmt % args))


if __name__ == "__main__":
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 14001
    address = sys.argv[2] if len(sys.argv) > 2 else "0.0.0.0"
    server = ThreadingHTTPServer((address, port), HttpbinHandler)
    server.daemon_threads = True
    print(f"httpbin on {address}:{port}", flush=True)
    server.serve_forever()
