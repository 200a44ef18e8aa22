"""examples/common/httpbin.py plus what the retry demo needs beyond the seed, for the httpbin pod:
python3 flaky_httpbin.py [PORT (14001)] [ADDRESS (0.0.0.0)].

  /fail/N/KEY   503 for the first N requests with this KEY, then 200 with JSON {"attempt": n}
  /hits/PATH    JSON {"path": "/PATH", "hits": n}: how many requests for /PATH reached the application
                (so a check can count the tries the sidecar made)
  anything else as httpbin.py
"""
import json
import os
import sys
import threading
from collections import Counter
from http.server import ThreadingHTTPServer
from urllib.parse import urlsplit

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "common"))
from httpbin import HttpbinHandler  # noqa: E402

HITS = Counter()
LOCK = threading.Lock()


class FlakyHandler(HttpbinHandler):
    def handle_any(self):
        path = urlsplit(self.path).path
        if path.startswith("/hits/"):
            counted = path[len("/hits"):]
            with LOCK:
                hits = HITS[counted]
            self.answer_json({"path": counted, "hits": hits})
            return
        with LOCK:
            HITS[path] += 1
            attempt = HITS[path]
        parts = path.split("/")
        if len(parts) == 4 and parts[1] == "fail" and parts[2].isdigit():
            length = int(self.headers.get("Content-Length") or 0)
            if length:
                self.rfile.read(length)
            if attempt <= int(parts[2]):
                self.answer(503, "", "text/plain")
            else:
                self.answer_json({"attempt": attempt})
            return
        super().handle_any()

    do_GET = do_HEAD = do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = handle_any


if __name__ == "__main__":
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 14001
    address = sys.argv[2] if len(sys.argv) > 2 else "0.0.0.0"
    server = ThreadingHTTPServer((address, port), FlakyHandler)
    server.daemon_threads = True
    print(f"flaky httpbin on {address}:{port}", flush=True)
    server.serve_forever()
