"""A small stand-in for fortio (the load tool and echo server of FSM's traffic demos), for pod namespaces.

  python3 fortio.py server [--http-port 8080] [--tcp-port 8078] [--bind 0.0.0.0]
  python3 fortio.py load [-c 4] [-n N | -t 5s] [-qps 8] [-p 50,75,90,99,99.9] [-timeout 3s] [-H 'K: V'] [-quiet] URL

server: an HTTP/1.1 echo server (every path; the request body is echoed back) and a TCP echo server.
  `?status=511:20` answers 511 to 20 % of the requests, `?delay=200ms:20` delays 20 % of them by 200 ms;
  several entries are comma-separated (`status=503:10,429:5`), a bare value applies to every request
  (`status=418`). Unlike fortio, which draws each request at random, the share is spread evenly per server
  and query (request i takes the entry when floor(i * p) grows): a run of 1000 requests at 20 % gets
  exactly 200, so a demo can check its outcome tightly.

load: C threads, each with one connection it keeps while the answers are 2xx (fortio's HTTP client opens a
  new one after an error answer or a failure, so "Sockets used" grows with the errors), -n calls in all
  (n // c each, the remainder to the first threads) or for -t, paced to -qps in all (-qps -1 or 0: as fast
  as possible). It prints fortio's summary lines:
    Code 200 : 804 (80.4 %)          (HTTP; -1 counts connection failures and timeouts)
    tcp OK : 3 (30.0 %)              (TCP; "tcp short read" when the echo is short or the peer reset)
    Sockets used: 205 (for perfect keepalive, would be 10)
    # target 80% 0.200467            (one line per -p percentile, seconds)
    All done 1000 calls (plus 0 warmup) 2.845 ms avg, 199.8 qps
  A TCP call writes a 24-byte message and reads its echo (fortio's default payload size).
"""
import http.client
import socket
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from socketserver import StreamRequestHandler, ThreadingTCPServer
from urllib.parse import parse_qs, urlsplit

TCP_PAYLOAD_SIZE = 24


# ---------------------------------------------------------------------------------------------- server

class ShareSpreader:
    """Decides which requests of a (query, entry) take the entry, spread evenly (see the module text)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.counts = {}

    def takes(self, key, percent):
        with self.lock:
            index = self.counts.get(key, 0) + 1
            self.counts[key] = index
        share = percent / 100.0
        return int(index * share) > int((index - 1) * share)


SPREADER = ShareSpreader()


def parse_entries(raw):
    """'511:20,503:5' -> [('511', 20.0), ('503', 5.0)]; a bare value means 100 %."""
    entries = []
    for part in raw.split(","):
        part = part.strip()
        if not part:
            continue
        value, _, percent = part.partition(":")
        entries.append((value, float(percent) if percent else 100.0))
    return entries


def pick(name, raw, query_key):
    for value, percent in parse_entries(raw):
        if SPREADER.takes((query_key, name, value), percent):
            return value
    return None


def parse_duration(text):
    """'200ms', '1.5s', '2m' or plain seconds -> seconds."""
    text = text.strip()
    for suffix, factor in (("ms", 0.001), ("us", 0.000001), ("s", 1.0), ("m", 60.0), ("h", 3600.0)):
        if text.endswith(suffix):
            return float(text[: -len(suffix)]) * factor
    return float(text)


class EchoHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "fortio"
    sys_version = ""

    def handle_any(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        url = urlsplit(self.path)
        args = parse_qs(url.query)
        query_key = url.path + "?" + url.query
        status = 200
        if "status" in args:
            chosen = pick("status", args["status"][0], query_key)
            if chosen is not None:
                status = int(chosen)
        if "delay" in args:
            chosen = pick("delay", args["delay"][0], query_key)
            if chosen is not None:
                time.sleep(min(parse_duration(chosen), 10.0))
        self.send_response(status)
        self.send_header("Content-Type", self.headers.get("Content-Type") or "application/octet-stream")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = do_OPTIONS = handle_any

    def log_message(self, fmt, *args):
        pass


class TcpEchoHandler(StreamRequestHandler):
    def handle(self):
        while True:
            data = self.connection.recv(65536)
            if not data:
                return
            self.connection.sendall(data)


class QuietThreadingHttpServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


class QuietThreadingTcpServer(ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


def serve(argv):
    options = {"--http-port": "8080", "--tcp-port": "8078", "--bind": "0.0.0.0"}
    it = iter(argv)
    for arg in it:
        if arg not in options:
            sys.exit("fortio.py server: unknown option " + arg)
        options[arg] = next(it)
    bind = options["--bind"]
    http_server = QuietThreadingHttpServer((bind, int(options["--http-port"])), EchoHandler)
    tcp_server = QuietThreadingTcpServer((bind, int(options["--tcp-port"])), TcpEchoHandler)
    threading.Thread(target=tcp_server.serve_forever, daemon=True).start()
    print("fortio.py server: http on %s:%s, tcp echo on %s:%s" % (bind, options["--http-port"], bind,
                                                                  options["--tcp-port"]), flush=True)
    http_server.serve_forever()


# ------------------------------------------------------------------------------------------------ load

class Results:
    def __init__(self):
        self.lock = threading.Lock()
        self.codes = {}
        self.durations = []
        self.sockets = 0
        self.sent = 0
        self.received = 0

    def record(self, code, seconds, sent=0, received=0):
        with self.lock:
            self.codes[code] = self.codes.get(code, 0) + 1
            self.durations.append(seconds)
            self.sent += sent
            self.received += received

    def socket_opened(self):
        with self.lock:
            self.sockets += 1


class HttpCaller:
    def __init__(self, url, timeout, headers, results):
        self.url = urlsplit(url)
        self.timeout = timeout
        self.headers = headers
        self.results = results
        self.connection = None
        self.target = self.url.path or "/"
        if self.url.query:
            self.target += "?" + self.url.query

    def call(self):
        started = time.monotonic()
        try:
            if self.connection is None:
                self.connection = http.client.HTTPConnection(self.url.hostname, self.url.port or 80,
                                                             timeout=self.timeout)
                self.connection.connect()
                self.results.socket_opened()
            self.connection.request("GET", self.target, headers=self.headers)
            response = self.connection.getresponse()
            response.read()
            code = response.status
            if code < 200 or code >= 300 or response.will_close:
                self.close()
        except (OSError, http.client.HTTPException):
            code = -1
            self.close()
        self.results.record(code, time.monotonic() - started)

    def close(self):
        if self.connection is not None:
            self.connection.close()
            self.connection = None


class TcpCaller:
    def __init__(self, url, timeout, results):
        self.url = urlsplit(url)
        self.timeout = timeout
        self.results = results
        self.sock = None
        self.calls = 0

    def call(self):
        started = time.monotonic()
        self.calls += 1
        message = ("Fortio TCP message %5d\n" % (self.calls % 100000)).encode()[:TCP_PAYLOAD_SIZE]
        received = 0
        try:
            if self.sock is None:
                self.sock = socket.create_connection((self.url.hostname, self.url.port), timeout=self.timeout)
                self.results.socket_opened()
            self.sock.sendall(message)
            while received < len(message):
                chunk = self.sock.recv(len(message) - received)
                if not chunk:
                    break
                received += len(chunk)
            outcome = "tcp OK" if received == len(message) else "tcp short read"
        except ConnectionRefusedError:
            outcome = "tcp connect error"
        except OSError:
            outcome = "tcp short read"
        if outcome != "tcp OK":
            self.close()
        self.results.record(outcome, time.monotonic() - started, len(message), received)

    def close(self):
        if self.sock is not None:
            self.sock.close()
            self.sock = None


def percentile(sorted_values, p):
    if not sorted_values:
        return 0.0
    rank = p / 100.0 * (len(sorted_values) - 1)
    low = int(rank)
    high = min(low + 1, len(sorted_values) - 1)
    return sorted_values[low] + (sorted_values[high] - sorted_values[low]) * (rank - low)


def load(argv):
    concurrency, total, qps, duration, timeout = 4, None, 8.0, 5.0, 3.0
    percentiles, headers, quiet, url = [50, 75, 90, 99, 99.9], {}, False, None
    it = iter(argv)
    for arg in it:
        if arg == "-c":
            concurrency = int(next(it))
        elif arg == "-n":
            total = int(next(it))
        elif arg == "-qps":
            qps = float(next(it))
        elif arg == "-t":
            duration = parse_duration(next(it))
        elif arg == "-timeout":
            timeout = parse_duration(next(it))
        elif arg == "-p":
            percentiles = [float(p) for p in next(it).split(",") if p.strip()]
        elif arg == "-H":
            name, _, value = next(it).partition(":")
            headers[name.strip()] = value.strip()
        elif arg == "-quiet":
            quiet = True
        elif arg.startswith("-"):
            sys.exit("fortio.py load: unknown option " + arg)
        else:
            url = arg
    if url is None or concurrency < 1:
        sys.exit("fortio.py load: a URL (http://host:port/path or tcp://host:port) and -c >= 1 are needed")
    tcp = url.startswith("tcp://")
    results = Results()
    per_thread_interval = concurrency / qps if qps > 0 else 0.0
    deadline = None if total is not None else time.monotonic() + duration
    if not quiet:
        print("Fortio stand-in running at %s queries per second, for %s: %s"
              % (qps, "%d calls" % total if total is not None else "%ss" % duration, url), flush=True)

    def worker(index):
        caller = TcpCaller(url, timeout, results) if tcp else HttpCaller(url, timeout, headers, results)
        calls = None
        if total is not None:
            calls = total // concurrency + (1 if index < total % concurrency else 0)
        next_at = time.monotonic()
        done = 0
        while (calls is not None and done < calls) or (calls is None and time.monotonic() < deadline):
            if per_thread_interval:
                pause = next_at - time.monotonic()
                if pause > 0:
                    time.sleep(pause)
                next_at += per_thread_interval
            caller.call()
            done += 1
        caller.close()

    started = time.monotonic()
    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = max(time.monotonic() - started, 1e-9)

    durations = sorted(results.durations)
    calls_done = len(durations)
    for p in percentiles:
        print("# target %s%% %.6g" % (("%g" % p), percentile(durations, p)))
    if tcp:
        print("Sockets used: %d (for perfect no error run, would be %d)" % (results.sockets, concurrency))
        print("Total Bytes sent: %d, received: %d" % (results.sent, results.received))
        for outcome in ("tcp OK", "tcp short read", "tcp connect error"):
            if outcome in results.codes:
                count = results.codes[outcome]
                print("%s : %d (%.1f %%)" % (outcome, count, 100.0 * count / calls_done))
    else:
        print("Sockets used: %d (for perfect keepalive, would be %d)" % (results.sockets, concurrency))
        for code in sorted(results.codes):
            count = results.codes[code]
            print("Code %d : %d (%.1f %%)" % (code, count, 100.0 * count / calls_done))
    average_ms = 1000.0 * sum(durations) / calls_done if calls_done else 0.0
    print("All done %d calls (plus 0 warmup) %.3f ms avg, %.1f qps" % (calls_done, average_ms, calls_done / elapsed),
          flush=True)


def main():
    if len(sys.argv) < 2 or sys.argv[1] not in ("server", "load"):
        sys.exit(__doc__)
    (serve if sys.argv[1] == "server" else load)(sys.argv[2:])


if __name__ == "__main__":
    main()
