#!/usr/bin/env python3
"""A deliberately hostile WebSocket and HTTP server for the hostile-peer tests (standard library only).

Usage: hostile_server.py
Listens on two ports of 127.0.0.1 chosen by the OS and prints "PORTS <main> <other>" once ready. It exits
when its standard input closes. Every behaviour is chosen by the request path on the main port:

WebSocket (GET with an Upgrade header):
  /ws/deep?n=N            upgrade, send one text frame of N nested '[' (then ']'), then a notification on
                          channel "probe", then echo every message (every /ws/deep… path sends the probe)
  /ws/deep-decline?n=N    the same with a value the fast reader declines (1e400) in the innermost array
  /ws/deep-data?n=N       upgrade, send a server notification whose `data` nests N arrays, then echo
  /ws/silent              upgrade, then read and ignore everything: never a pong, never a message
  /ws/noread              upgrade, then never read again (the client's writes fill the socket buffers)
  /ws/flood?size=S        upgrade, then send S-byte text messages as fast as the client lets us
  /ws/oversize            upgrade, then a frame header announcing 2^40 bytes, then trickle payload
  /ws/escape-close        upgrade, then close with a reason holding terminal escape sequences
  /ws/echo                upgrade, then echo every text message (a well-behaved control)
  /ws/bad-status          a non-101 status line holding terminal escape sequences
  /ws/subprotocol         a 101 that selects a subprotocol the client never offered
  /ws/endless-head        a 101 status line followed by header lines that never end
  /ws/hang                accept the connection, never answer the upgrade

HTTP (chosen by the first two path segments: /http/huge/v2/supportedNetworks is /http/huge):
  /http/huge              200 with a Content-Length of 1 GiB, body streamed until the client gives up
  /http/endless-chunked   200 chunked, chunks streamed until the client gives up
  /http/trickle           200, Content-Length 1000, one byte every 200 ms
  /http/lying-length      200, Content-Length 100, 10 bytes, then close
  /http/deep?n=N          200 with a JSON body nesting N arrays
  /http/redirect          302 to the other port's /landing (another origin)
  /<anything else>        404 with a JSON body naming the path

The other port answers everything with 200 `{}` and prints "OTHER <path> authorization=<value or ->" for each request.
"""
import asyncio
import base64
import hashlib
import struct
import sys
from urllib.parse import parse_qs, urlsplit

GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
ESCAPES = "\x1b[2J\x1b]0;pwned\x07\x9b31m"


def frame(opcode, payload):
    header = bytes([0x80 | opcode])
    n = len(payload)
    if n < 126:
        header += bytes([n])
    elif n < 65536:
        header += bytes([126]) + struct.pack("!H", n)
    else:
        header += bytes([127]) + struct.pack("!Q", n)
    return header + payload


async def read_head(reader):
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    method, target, _ = lines[0].split(" ", 2)
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip()
    return method, target, headers


async def read_frames(reader, writer, echo):
    """Reads client frames (masked); answers pings and echoes text when `echo`; returns at close or EOF."""
    while True:
        try:
            first, second = await reader.readexactly(2)
        except (asyncio.IncompleteReadError, ConnectionError):
            return
        opcode = first & 0x0F
        length = second & 0x7F
        if length == 126:
            (length,) = struct.unpack("!H", await reader.readexactly(2))
        elif length == 127:
            (length,) = struct.unpack("!Q", await reader.readexactly(8))
        mask = await reader.readexactly(4) if second & 0x80 else b"\0\0\0\0"
        data = bytearray(await reader.readexactly(length))
        for i in range(len(data)):
            data[i] ^= mask[i % 4]
        if opcode == 0x8:
            writer.write(frame(0x8, bytes(data[:2])))
            await writer.drain()
            return
        if not echo:
            continue
        if opcode == 0x9:
            writer.write(frame(0xA, bytes(data)))
        elif opcode == 0x1:
            writer.write(frame(0x1, bytes(data)))
        await writer.drain()


def nested(n, inner=""):
    return "[" * n + inner + "]" * n


async def websocket(reader, writer, path, query, headers):
    n = int(query.get("n", ["100000"])[0])
    if path == "/ws/hang":
        await reader.read()  # until the client gives up
        return
    if path == "/ws/bad-status":
        writer.write(("HTTP/1.1 403 " + ESCAPES + "Forbidden\r\nContent-Length: 0\r\n\r\n").encode("latin-1"))
        await writer.drain()
        return
    accept = base64.b64encode(hashlib.sha1((headers.get("sec-websocket-key", "") + GUID).encode()).digest()).decode()
    response = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
    response += "Sec-WebSocket-Accept: " + accept + "\r\n"
    if path == "/ws/subprotocol":
        response += "Sec-WebSocket-Protocol: evil\r\n"
    if path == "/ws/endless-head":
        writer.write(response.encode())
        while True:
            writer.write(b"X-Padding: " + b"a" * 1000 + b"\r\n")
            await writer.drain()
    writer.write((response + "\r\n").encode())
    await writer.drain()
    if path == "/ws/deep":
        writer.write(frame(0x1, nested(n).encode()))
    elif path == "/ws/deep-decline":
        writer.write(frame(0x1, nested(n, "1e400").encode()))
    elif path == "/ws/deep-data":
        message = '{"event":"notification","channel":"account-activity.v1.eip155:0:0xabc",'
        message += '"subscriptionId":"sub-1","data":' + nested(n) + "}"
        writer.write(frame(0x1, message.encode()))
    if path.startswith("/ws/deep"):
        # Then a well-formed notification, so the client can show it survived the hostile frame.
        probe = '{"event":"notification","channel":"probe","subscriptionId":"probe","data":{"alive":true}}'
        writer.write(frame(0x1, probe.encode()))
    if path == "/ws/silent":
        await read_frames(reader, writer, echo=False)
        return
    elif path == "/ws/noread":
        await asyncio.sleep(3600)
        return
    elif path == "/ws/flood":
        size = int(query.get("size", ["65536"])[0])
        message = frame(0x1, b"x" * size)
        while True:
            writer.write(message)
            await writer.drain()
    elif path == "/ws/oversize":
        writer.write(bytes([0x81, 127]) + struct.pack("!Q", 1 << 40))
        while True:
            writer.write(b"x" * 1024)
            await writer.drain()
            await asyncio.sleep(0.01)
    elif path == "/ws/escape-close":
        reason = ESCAPES.encode("utf-8")[:120]
        writer.write(frame(0x8, struct.pack("!H", 4001) + reason))
    await writer.drain()
    await read_frames(reader, writer, echo=True)


async def http(reader, writer, path, query, state):
    # The behaviour is chosen by the first two segments, so an API client with base URL
    # http://127.0.0.1:<port>/http/huge reaches /http/huge whatever operation path it appends.
    path = "/".join(path.split("/")[:3])
    if path == "/http/huge":
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1073741824\r\n\r\n")
        chunk = b" " * 65536
        while True:
            writer.write(chunk)
            await writer.drain()
    elif path == "/http/endless-chunked":
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
        chunk = b"10000\r\n" + b" " * 65536 + b"\r\n"
        while True:
            writer.write(chunk)
            await writer.drain()
    elif path == "/http/trickle":
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n")
        for _ in range(1000):
            writer.write(b" ")
            await writer.drain()
            await asyncio.sleep(0.2)
    elif path == "/http/lying-length":
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"a\":[1,2]")
    elif path == "/http/deep":
        body = nested(int(query.get("n", ["100000"])[0])).encode()
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(body) + body)
    elif path == "/http/redirect":
        location = "http://127.0.0.1:%d/landing" % state["other"]
        writer.write(("HTTP/1.1 302 Found\r\nLocation: " + location + "\r\nContent-Length: 0\r\n\r\n").encode())
    else:
        body = ('{"error":"not found","path":"%s"}' % path).encode()
        writer.write(b"HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(body) + body)
    await writer.drain()


async def main_handler(reader, writer, state):
    try:
        _, target, headers = await read_head(reader)
        parts = urlsplit(target)
        query = parse_qs(parts.query)
        if headers.get("upgrade", "").lower() == "websocket":
            await websocket(reader, writer, parts.path, query, headers)
        else:
            await http(reader, writer, parts.path, query, state)
    except (ConnectionError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError):
        pass
    finally:
        writer.close()


async def other_handler(reader, writer):
    try:
        _, target, headers = await read_head(reader)
        print("OTHER %s authorization=%s" % (target, headers.get("authorization", "-")), flush=True)
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}")
        await writer.drain()
    except (ConnectionError, asyncio.IncompleteReadError, ValueError):
        pass
    finally:
        writer.close()


async def main():
    state = {}
    other = await asyncio.start_server(other_handler, "127.0.0.1", 0)
    state["other"] = other.sockets[0].getsockname()[1]
    server = await asyncio.start_server(lambda r, w: main_handler(r, w, state), "127.0.0.1", 0, limit=1 << 20)
    print("PORTS %d %d" % (server.sockets[0].getsockname()[1], state["other"]), flush=True)
    loop = asyncio.get_running_loop()
    loop.set_exception_handler(lambda loop, context: None)  # clients that hang up mid-write are expected
    # Exit when standard input closes (the test's signal), or after 10 minutes whatever happens.
    stdin_closed = loop.run_in_executor(None, sys.stdin.read)
    await asyncio.wait([asyncio.ensure_future(stdin_closed)], timeout=600)
    server.close()
    other.close()


if __name__ == "__main__":
    asyncio.run(main())
