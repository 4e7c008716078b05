#!/usr/bin/env python3
"""Writes the seed corpora under Fuzz/Corpus/ and the known regression inputs under Fuzz/Regressions/.

Seeds are small, real-shaped inputs; rerun after changing a target's input format. Standard library only.
"""
import base64, hashlib, json, os, shutil, struct

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def write(folder, target, name, data):
    directory = os.path.join(HERE, folder, target)
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


def seed(target, name, data):
    write("Corpus", target, name, data)


def frame(opcode, payload=b"", fin=True, mask=None, rsv=0):
    """One RFC 6455 frame; `mask` is a 4-byte key for client frames."""
    first = (0x80 if fin else 0) | (rsv << 4) | opcode
    n = len(payload)
    if n < 126:
        head = struct.pack("!BB", first, (0x80 if mask else 0) | n)
    elif n <= 0xFFFF:
        head = struct.pack("!BBH", first, (0x80 if mask else 0) | 126, n)
    else:
        head = struct.pack("!BBQ", first, (0x80 if mask else 0) | 127, n)
    if mask:
        payload = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        head += mask
    return head + payload


# Account activity: the S6 example of websocket.md §3.2.
ADDRESS = "0xd14b52362b5b777ffa754c666ddec6722aaeee08"
ACTIVITY = {
    "address": ADDRESS,
    "tx": {"id": "0x1cde4f0a7b3e9d2c8f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e", "chain": "eip155:8453",
           "status": "confirmed", "timestamp": 1760099871,
           "from": "0x7b07f1c2d3e4a5b6c7d8e9f0a1b2c3d4e5f6a7b8", "to": ADDRESS},
    "updates": [{
        "asset": {"fungible": True, "type": "eip155:8453/erc20:0x833589fcd6edb6e08f4c7c32d4f71b54bda02913",
                  "unit": "USDC", "decimals": 6},
        "postBalance": {"amount": "0xc350"},
        "transfers": [{"from": "0x7b07f1c2d3e4a5b6c7d8e9f0a1b2c3d4e5f6a7b8", "to": ADDRESS, "amount": "0x2710"}],
    }],
}
NOTIFICATION = json.dumps({"event": "notification", "subscriptionId": "sub-1",
                           "channel": f"account-activity.v1.eip155:8453:{ADDRESS}",
                           "data": ACTIVITY, "timestamp": 1760099872150}, separators=(",", ":"))

# --- json
seed("json", "relationship.json", open(os.path.join(ROOT, "Tests/CoreBackendTests/Samples/accounts.v1.relationship.json"), "rb").read())
seed("json", "scalars.json", '{"a":[1,2.5e3,-0,0.1,123456789012345678,true,false,null,"\\u00e9\\ud83d\\ude00\\n\\"x\\/"],"b":{}}')
seed("json", "duplicate-key.json", '{"a":1,"a":[2]}')
seed("json", "overflow.json", '[1e400,-1e400,1e-400]')
seed("json", "lone-surrogate.json", '["\\ud800","\\udc00x"]')
seed("json", "nested.json", "[" * 40 + "{\"k\":null}" + "]" * 40)
seed("json", "notification.json", NOTIFICATION)

# --- frames: byte 0 = read size (0: one read), then what a server sends to a client.
text = frame(1, b"hello")
fragmented = frame(1, "caf\u00e9 ".encode()[:4], fin=False) + frame(9, b"ping") + frame(0, "caf\u00e9 ".encode()[4:])
seed("frames", "text", b"\x00" + text)
seed("frames", "fragmented-with-ping", b"\x03" + fragmented + frame(10, b"") + frame(2, bytes(range(200))))
seed("frames", "lengths", b"\x07" + frame(2, b"x" * 300) + struct.pack("!BBQ", 0x82, 127, 5) + b"12345")
seed("frames", "close", b"\x01" + frame(1, NOTIFICATION.encode()) + frame(8, struct.pack("!H", 1000) + b"bye"))
seed("frames", "masked-from-server", b"\x00" + frame(1, b"masked", mask=b"\x01\x02\x03\x04"))
seed("frames", "reserved-bits", b"\x00" + frame(1, b"x", rsv=4))
seed("frames", "too-big", b"\x02" + frame(2, b"a" * 4000, fin=False) + frame(0, b"b" * 200))

# --- handshake: a response to the key dGhlIHNhbXBsZSBub25jZQ== (RFC 6455 §1.3), or a request.
seed("handshake", "101", "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
     "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n" + "\x81\x02hi")
seed("handshake", "401", "HTTP/1.1 401 Unauthorized\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n"
     "Connection: close\r\nX-A: 1\r\nx-a: 2\r\n\r\nnope!")
seed("handshake", "request", "GET /v1?token=abc HTTP/1.1\r\nHost: localhost:8080\r\nUpgrade: websocket\r\n"
     "Connection: keep-alive, Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
seed("handshake", "extension", "HTTP/1.1 101 OK\r\nupgrade: WebSocket\r\nconnection: upgrade\r\n"
     "sec-websocket-accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\nSec-WebSocket-Extensions: permessage-deflate\r\n\r\n")

# --- account-activity: one text frame.
seed("account-activity", "notification.json", NOTIFICATION)
seed("account-activity", "system.json", json.dumps({"event": "system-notification", "channel": "system-notifications.v1",
     "data": {"chainIds": ["eip155:1", "eip155:8453"], "status": "down"}, "timestamp": 1760099872150}))
seed("account-activity", "wrapped.json", json.dumps({"event": "notification", "data": {
     "channel": f"account-activity.v1.eip155:0:{ADDRESS}", "subscriptionId": "sub-2", "activity": ACTIVITY}}))
seed("account-activity", "response.json", '{"event":"subscribe","data":{"requestId":"r-1","subscriptionId":"s","succeeded":["a"],"failed":[]}}')
seed("account-activity", "numeric-amounts.json", NOTIFICATION.replace('"0xc350"', "50000").replace('"decimals":6', '"decimals":"6"'))

# --- loopback: byte 0 = read size (0: one read), then what a client sends to the loopback servers.
seed("loopback", "get-post", b"\x05" + b"GET /v1/things?token=a%20b&x=1+2 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
     b"POST /v2/x HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: 7\r\n\r\n{\"a\":1}")
seed("loopback", "upgrade", b"\x00GET /v1?token=abc HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\n"
     b"Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
seed("loopback", "partial-body", b"\x00PUT / HTTP/1.1\r\ncontent-length: 100\r\n\r\nshort")

# --- http-response: byte 0 = read size, byte 1 = bit 0 HEAD, bits 1-2 body limit (0, 16, 1 KiB, 1 MiB); then the stream.
seed("http-response", "content-length", b"\x05\x06HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n{\"ok\":true}")
seed("http-response", "chunked-trailers", b"\x03\x06HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
     b"5;ext=1\r\nhello\r\n0006\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n")
seed("http-response", "interim-then-close", b"\x07\x04HTTP/1.1 100 Continue\r\n\r\nHTTP/1.0 404 Not Found\r\nConnection: close\r\n\r\nuntil the end")
seed("http-response", "head-redirect", b"\x00\x07HTTP/1.1 302 Found\r\nLocation: /next?x=1\r\nContent-Length: 1000\r\n\r\n")
seed("http-response", "too-large", b"\x02\x02HTTP/1.1 200 OK\r\nContent-Length: 17\r\n\r\n12345678901234567")

# --- spec: a minimal valid spec and the smallest real one.
seed("spec", "tokens.json", open(os.path.join(ROOT, "Specs/tokens.json"), "rb").read())
seed("spec", "minimal.json", json.dumps({
    "openapi": "3.1.0", "info": {"title": "Test API", "version": "1.0.0"},
    "servers": [{"url": "https://test.example.com"}], "x-client": {"name": "TestApiClient"},
    "paths": {"/v1/things/{id}": {"get": {
        "operationId": "V1Things", "x-query-key": ["test", "v1Things", "id"],
        "x-stale-time": "default", "x-gc-time": "default",
        "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
        "responses": {"200": {"description": "OK", "content": {"application/json": {
            "schema": {"$ref": "#/components/schemas/Thing"}, "examples": {"default": {"value": {"id": "a"}}}}}}}}}},
    "components": {"schemas": {"Thing": {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}}}}},
}, indent=1))

# --- known crashers (pending until their fix is on main, then renamed without .pending; see Fuzz/README.md)
def pending(target, name, data):
    if not os.path.exists(os.path.join(HERE, "Regressions", target, name)):  # already renamed: leave it
        write("Regressions", target, name + ".pending", data)


pending("json", "nested-5000.json", "[" * 5000)
pending("account-activity", "nested-data-5000.json", '{"channel":"c","data":' + "[" * 5000 + "}")
