#!/usr/bin/env python3
"""A WebSocket server that completes the upgrade and then says nothing (standard library only).

Usage: silent_peer.py [--drain] [--cert CERT --key KEY]
Listens on 127.0.0.1, port chosen by the OS, and prints "PORT <n>" on stdout once ready.
Each connection gets a valid 101 response, then:
  default   nothing is ever read again: the client's writes fill the socket buffers and stall
  --drain   everything is read and discarded: TCP stays healthy, but no pong, no close reply, no data
With --cert/--key the server speaks TLS. Exits when its standard input closes.
"""
import argparse
import base64
import hashlib
import socket
import ssl
import sys
import threading

GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"


def upgrade(conn):
    head = b""
    while b"\r\n\r\n" not in head:
        chunk = conn.recv(4096)
        if not chunk:
            return False
        head += chunk
    key = ""
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.decode("latin-1").partition(":")
        if name.strip().lower() == "sec-websocket-key":
            key = value.strip()
    accept = base64.b64encode(hashlib.sha1((key + GUID).encode()).digest()).decode()
    conn.sendall(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                  f"Sec-WebSocket-Accept: {accept}\r\n\r\n").encode())
    return True


def serve(conn, drain, held):
    try:
        if not upgrade(conn):
            return
        held.append(conn)  # keep it open (and unread) until the process exits
        while drain and conn.recv(65536):
            pass
    except OSError:
        pass


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--drain", action="store_true")
    parser.add_argument("--cert")
    parser.add_argument("--key")
    options = parser.parse_args()
    context = None
    if options.cert:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(options.cert, options.key)
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    # A small receive buffer, so a client that keeps sending fills it quickly.
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    held = []

    def accept_loop():
        while True:
            try:
                conn, _ = listener.accept()
                if context:
                    conn = context.wrap_socket(conn, server_side=True)
            except OSError:
                continue
            threading.Thread(target=serve, args=(conn, options.drain, held), daemon=True).start()

    threading.Thread(target=accept_loop, daemon=True).start()
    print(f"PORT {listener.getsockname()[1]}", flush=True)
    sys.stdin.read()


if __name__ == "__main__":
    main()
