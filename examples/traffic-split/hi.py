"""The seed's pipy one-liner (`pipy().listen(8080).serveHTTP(new Message('Hi, I am v1!\\n'))`) for a pod
namespace: python3 hi.py MESSAGE [PORT (8080)] [ADDRESS (0.0.0.0)].

Every request, whatever its method and path, is answered 200 with MESSAGE and a newline (HEAD without the body),
over HTTP/1.1 keep-alive, as pipy answers.
"""
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def handler_for(body):
    class HiHandler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def answer(self, with_body):
            length = int(self.headers.get("Content-Length") or 0)
            if length:
                self.rfile.read(length)
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if with_body:
                self.wfile.write(body)

        def do_HEAD(self):
            self.answer(False)

        def do_GET(self):
            self.answer(True)

        do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = do_GET

        def log_message(self, *args):
            pass

    return HiHandler


def main():
    if len(sys.argv) < 2:
        sys.exit("usage: hi.py MESSAGE [PORT] [ADDRESS]")
    port = int(sys.argv[2]) if len(sys.argv) > 2 else 8080
    address = sys.argv[3] if len(sys.argv) > 3 else "0.0.0.0"
    server = ThreadingHTTPServer((address, port), handler_for((sys.argv[1] + "\n").encode()))
    server.daemon_threads = True
    server.serve_forever()


if __name__ == "__main__":
    main()
