#!/usr/bin/env python3
"""A TCP proxy that holds everything its upstream sends for a fixed delay before passing it on, in order: a service
across a network instead of beside the caller, for the X-Cashu benchmark's mint (BENCH_XCASHU_MINT_DELAY_MS).

Usage: delay-proxy.py LISTEN_PORT TARGET_PORT DELAY_MS  (both on 127.0.0.1)
"""
import asyncio
import sys


async def pipe(reader, writer, delay):
    """Copies reader to writer; each chunk leaves `delay` seconds after it arrived, chunks keep their order."""
    loop = asyncio.get_running_loop()
    queue = asyncio.Queue()

    async def pump():
        while True:
            chunk = await reader.read(65536)
            queue.put_nowait((loop.time() + delay, chunk))
            if not chunk:
                return

    task = asyncio.create_task(pump())
    try:
        while True:
            due, chunk = await queue.get()
            wait = due - loop.time()
            if wait > 0:
                await asyncio.sleep(wait)
            if not chunk:
                break
            writer.write(chunk)
            await writer.drain()
    finally:
        task.cancel()
        writer.close()


async def main(listen_port, target_port, delay):
    async def serve(client_reader, client_writer):
        try:
            upstream_reader, upstream_writer = await asyncio.open_connection("127.0.0.1", target_port)
        except OSError:
            client_writer.close()
            return
        await asyncio.gather(
            pipe(client_reader, upstream_writer, 0.0),
            pipe(upstream_reader, client_writer, delay),
            return_exceptions=True,
        )

    server = await asyncio.start_server(serve, "127.0.0.1", listen_port)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]) / 1000.0))
