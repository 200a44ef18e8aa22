"""The tcp-echo pod of FSM's demo 1.3 (flomesh/tcp-echo-server), for a pod namespace:
python3 tcp_echo.py [ECHO-PORT (9000)] [GREETER-PORT (2525)] [ADDRESS (0.0.0.0)] [NAME (tcp-echo)].

ECHO-PORT, client first, as the seed's server: reads what the client sends (up to a newline, 64 KiB or the client's
end of stream), answers "echo response: " followed by those bytes, and closes; so `echo hello | nc HOST 9000` prints
"echo response: hello" and ends.
GREETER-PORT, server first (SMTP-like): greets at once with "220 NAME ready\\r\\n" before reading anything, then
answers each line with "250 " followed by that line, until the client ends the stream or sends QUIT.
"""
import socket
import socketserver
import sys
import threading

LIMIT = 65536
IDLE_SECONDS = 30  # a silent client is dropped after this long: nothing here waits without a bound


class Echo(socketserver.BaseRequestHandler):
    def handle(self):
        self.request.settimeout(IDLE_SECONDS)
        data = b""
        try:
            while b"\n" not in data and len(data) < LIMIT:
                chunk = self.request.recv(4096)
                if not chunk:
                    break
                data += chunk
        except socket.timeout:
            return
        if data:
            self.request.sendall(b"echo response: " + data)


class Greeter(socketserver.StreamRequestHandler):
    timeout = IDLE_SECONDS

    def handle(self):
        self.wfile.write(self.server.greeting)
        self.wfile.flush()
        try:
            for line in self.rfile:
                if line.strip().upper() == b"QUIT":
                    self.wfile.write(b"221 bye\r\n")
                    return
                self.wfile.write(b"250 " + line)
                self.wfile.flush()
        except socket.timeout:
            return


class Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


def main():
    echo_port = int(sys.argv[1]) if len(sys.argv) > 1 else 9000
    greeter_port = int(sys.argv[2]) if len(sys.argv) > 2 else 2525
    address = sys.argv[3] if len(sys.argv) > 3 else "0.0.0.0"
    name = sys.argv[4] if len(sys.argv) > 4 else "tcp-echo"
    greeter = Server((address, greeter_port), Greeter)
    # the greeting names the pod, so a client can count which backend of a split answered
    greeter.greeting = f"220 {name} ready\r\n".encode()
    threading.Thread(target=greeter.serve_forever, daemon=True).start()
    print(f"{name}: echo on {address}:{echo_port}, greeter (server first) on {address}:{greeter_port}", flush=True)
    Server((address, echo_port), Echo).serve_forever()


if __name__ == "__main__":
    main()
