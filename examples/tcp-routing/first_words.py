"""A client of a server-first protocol that never speaks first: python3 first_words.py HOST PORT SECONDS.

Connects, sends nothing and waits at most SECONDS for the server's first line. Prints
"greeting after N ms: LINE" when it came, "closed after N ms without a greeting" when the connection ended
first, "no greeting within SECONDS s" otherwise (exit status 1 for both), or "connect failed: ..." (status 2).
"""
import socket
import sys
import time


def main():
    host, port, seconds = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
    start = time.monotonic()
    try:
        conn = socket.create_connection((host, port), timeout=seconds)
    except OSError as e:
        print(f"connect failed: {e}")
        sys.exit(2)
    data = b""
    with conn:
        while b"\n" not in data:
            left = seconds - (time.monotonic() - start)
            if left <= 0:
                print(f"no greeting within {seconds:g} s")
                sys.exit(1)
            conn.settimeout(left)
            try:
                chunk = conn.recv(4096)
            except socket.timeout:
                continue
            except OSError as e:
                print(f"closed after {elapsed(start)} ms without a greeting ({e})")
                sys.exit(1)
            if not chunk:
                print(f"closed after {elapsed(start)} ms without a greeting")
                sys.exit(1)
            data += chunk
    line = data.split(b"\n", 1)[0].decode(errors="replace").rstrip()
    print(f"greeting after {elapsed(start)} ms: {line}")


def elapsed(start):
    return int((time.monotonic() - start) * 1000)


if __name__ == "__main__":
    main()
