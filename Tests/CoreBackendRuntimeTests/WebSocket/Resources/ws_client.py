#!/usr/bin/env python3
"""Independent WebSocket client for the interop tests (Python `websockets`).

Usage: ws_client.py URL
Connects, answers every text message with "echo:<message>" until it receives "bye",
then sends a 1 MiB message, closes with 1000 "client done" and prints "CLOSED <code>".
"""
import asyncio
import sys

from websockets.asyncio.client import connect


async def main(url):
    async with connect(url, max_size=None, compression=None, ping_interval=None) as ws:
        async for message in ws:
            if message == "bye":
                break
            await ws.send("echo:" + message)
        await ws.send("x" * (1 << 20))
        await ws.close(1000, "client done")
        print(f"CLOSED {ws.close_code}", flush=True)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))
