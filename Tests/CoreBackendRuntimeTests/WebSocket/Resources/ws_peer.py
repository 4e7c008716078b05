#!/usr/bin/env python3
"""Independent WebSocket peer for the interop tests (Python `websockets`).

Usage: ws_peer.py [--cert CERT --key KEY]
Listens on 127.0.0.1, port chosen by the OS, and prints "PORT <n>" on stdout once ready.
Every text message is echoed, except commands ("cmd:<name> <args>"):
  cmd:send <n>              send one text message of n bytes
  cmd:frag <count> <size>   send one text message as <count> fragments of <size> bytes each
  cmd:ping                  ping the client, then send "pong received" once the pong arrives
  cmd:close <code> <reason> close with that code and reason
  cmd:drop                  abort the TCP connection without a close frame
  cmd:request               send "<path> <json headers>" of the upgrade request
"""
import argparse
import asyncio
import json
import ssl
import sys

from websockets.asyncio.server import serve


def payload(size):
    pattern = "abcdefghijklmnopqrstuvwxyz0123456789"
    return (pattern * (size // len(pattern) + 1))[:size]


async def handler(ws):
    async for message in ws:
        if isinstance(message, bytes) or not message.startswith("cmd:"):
            await ws.send(message)
            continue
        name, _, args = message[4:].partition(" ")
        if name == "send":
            await ws.send(payload(int(args)))
        elif name == "frag":
            count, size = (int(x) for x in args.split())
            await ws.send([payload(size) for _ in range(count)])
        elif name == "ping":
            waiter = await ws.ping(b"interop")
            await asyncio.wait_for(waiter, 5)
            await ws.send("pong received")
        elif name == "close":
            code, _, reason = args.partition(" ")
            await ws.close(int(code), reason)
            return
        elif name == "drop":
            ws.transport.abort()
            return
        elif name == "request":
            headers = {k.lower(): v for k, v in ws.request.headers.raw_items()}
            await ws.send(ws.request.path + " " + json.dumps(headers))


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cert")
    parser.add_argument("--key")
    options = parser.parse_args()
    context = None
    if options.cert:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(options.cert, options.key)
    async with serve(handler, "127.0.0.1", 0, ssl=context, max_size=None, compression=None,
                     ping_interval=None, close_timeout=2) as server:
        port = server.sockets[0].getsockname()[1]
        print(f"PORT {port}", flush=True)
        # Exit when the test closes our stdin (or dies).
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(None, sys.stdin.read)


if __name__ == "__main__":
    asyncio.run(main())
