"""The httpbin sample app of FSM's ingress demos (addozhang/httpbin on Pipy), shared by the demo backends:
/ is a small HTML page, /hi answers "Hi, there!", /api/private answers 401 "Staff only".
A subclass that sets POD answers every request with "Response from pod POD" (the two-replica app
of the load-balancing and session demos)."""
from http.server import BaseHTTPRequestHandler

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


class SampleAppHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    POD = None

    def do_GET(self):
        if self.POD is not None:
            self.answer(200, "Response from pod " + self.POD, "text/plain")
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
