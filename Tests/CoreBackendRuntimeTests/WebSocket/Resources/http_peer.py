#!/usr/bin/env python3
"""An HTTP/1.1 server from Python's standard library (http.server), an independent peer for
BuiltinHTTPTransport (standard library only).

Usage: http_peer.py [--cert CERT --key KEY]
Listens on 127.0.0.1, port chosen by the OS, and prints "PORT <n>" on stdout once ready; exits when its
standard input closes. With --cert/--key the server speaks TLS. Keep-alive (HTTP/1.1) throughout.
  GET  /json              {"ok":true} with Content-Length
  GET  /chunked?n=K       K chunks of "chunk-<i>;" with Transfer-Encoding: chunked
  GET  /connections       the number of TCP connections accepted so far
  POST /echo              the request body back, with Content-Length
  GET  /close             "bye" with Connection: close
"""
import argparse
import http.server
import socketserver
import ssl
import sys
import threading
import urllib.parse

accepted = 0
lock = threading.Lock()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def setup(self):
        global accepted
        with lock:
            accepted += 1
        super().setup()

    def log_message(self, *args):
        pass

    def send_body(self, body, content_type="application/json", close=False):
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        if close:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        url = urllib.parse.urlparse(self.path)
        if url.path == "/json":
            self.send_body(b'{"ok":true}')
        elif url.path == "/connections":
            with lock:
                count = accepted
            self.send_body(str(count).encode())
        elif url.path == "/close":
            self.send_body(b"bye", "text/plain", close=True)
        elif url.path == "/chunked":
            count = int(urllib.parse.parse_qs(url.query).get("n", ["3"])[0])
            self.send_response(200)
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for index in range(count):
                data = ("chunk-%d;" % index).encode()
                self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
            self.wfile.write(b"0\r\n\r\n")
        else:
            self.send_error(404)

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length)
        self.send_body(body, "application/octet-stream")


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cert")
    parser.add_argument("--key")
    args = parser.parse_args()
    server = Server(("127.0.0.1", 0), Handler)
    if args.cert and args.key:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(args.cert, args.key)
        server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print("PORT %d" % server.server_address[1], flush=True)
    sys.stdin.read()
    server.shutdown()


if __name__ == "__main__":
    main()
