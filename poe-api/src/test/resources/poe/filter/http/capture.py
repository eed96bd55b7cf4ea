#!/usr/bin/env python3
"""Records the raw bytes of HTTP requests, for HttpdVectorsTest.

Listens on 127.0.0.1:PORT and writes each connection's first request, byte for byte,
to OUT_DIR/NNN.bin; answers 200 "ok" (and 100 Continue when asked) and closes.
Usage: capture.py PORT OUT_DIR COUNT   (exits after COUNT requests or 60 s)
"""
import os
import socket
import sys
import time


def complete(data):
    end = data.find(b"\r\n\r\n")
    if end < 0:
        return False
    head = data[:end].decode("latin-1").lower()
    body = data[end + 4:]
    for line in head.split("\r\n"):
        if line.startswith("content-length:"):
            return len(body) >= int(line.split(":", 1)[1])
        if line.startswith("transfer-encoding:") and "chunked" in line:
            return body.endswith(b"0\r\n\r\n")
    return True


def main():
    port, out_dir, count = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    os.makedirs(out_dir, exist_ok=True)
    server = socket.socket()
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", port))
    server.listen(16)
    server.settimeout(60)
    deadline = time.time() + 60
    seen = 0
    while seen < count and time.time() < deadline:
        conn, _ = server.accept()
        conn.settimeout(5)
        data = b""
        continued = False
        try:
            while not complete(data):
                if not continued and b"\r\n\r\n" in data and b"expect: 100-continue" in data.lower():
                    conn.sendall(b"HTTP/1.1 100 Continue\r\n\r\n")
                    continued = True
                chunk = conn.recv(65536)
                if not chunk:
                    break
                data += chunk
        except socket.timeout:
            pass
        if data:
            with open(os.path.join(out_dir, "%03d.bin" % seen), "wb") as f:
                f.write(data)
            seen += 1
        try:
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 2\r\n"
                         b"Connection: close\r\n\r\nok")
        except OSError:
            pass
        conn.close()
    server.close()


if __name__ == "__main__":
    main()
