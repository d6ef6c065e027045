"""Serving benchmarks against real ``zjtx serve`` processes on 127.0.0.1.

``load_test`` is a light load generator: each of the concurrent clients keeps one HTTP/1.1
connection (as a browser or an API client does) and the whole load runs in one asyncio loop,
so that on two cores the clients take little of the CPU the servers are measured on. The
earlier measurement opened a new ``httpx.Client`` (TLS context included) per request from
50 threads and spent more CPU than the server; it is kept as the "before" figure.
"""

from __future__ import annotations

import asyncio
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

from evals.server_process import serve_command
from zjtx.settings import Settings

WORKER_HEADER = b"x-zjtx-worker"  # set by ui.app on answers a worker process gave


def serve_environment(settings: Settings) -> dict[str, str]:
    env = {**os.environ, "ZJTX_CORPUS_DIR": str(settings.corpus_dir), "ZJTX_DATA_DIR": str(settings.data_dir),
           "ZJTX_RATE_LIMIT_PER_MINUTE": "0"}
    env.pop("ZJTX_CHROMA_URL", None)  # the embedded store, as on a fresh clone
    return env


@contextmanager
def served(settings: Settings, workers: int = 1, timeout_s: float = 300) -> Iterator[str]:
    """``zjtx serve --workers N`` on a free 127.0.0.1 port, healthy (and with its workers answering)."""
    def command(host: str, port: int) -> list[str]:
        return [sys.executable, "-m", "zjtx.cli", "serve", "--host", host, "--port", str(port), "--workers", str(workers)]

    with serve_command(command, lambda url: _ready(url, workers), timeout_s, env=serve_environment(settings),
                       stop_timeout_s=60) as url:
        yield url


def _ready(url: str, workers: int) -> bool:
    try:
        if httpx.get(url + "/healthz", timeout=5).json().get("status") != "ok":
            return False
        if workers == 1:
            return True
        # a worker starts once the build is served; new connections reach it when it accepts
        for _ in range(8):
            with httpx.Client(base_url=url, timeout=30) as client:
                r = client.post("/api/chat", json={"messages": [{"role": "user", "content": "专精特新"}]})
                if WORKER_HEADER.decode() in r.headers:
                    return True
        return False
    except (httpx.HTTPError, ValueError):
        return False


async def _one_client(host: str, port: int, bodies: list[bytes], queue: asyncio.Queue[int],
                      results: list[tuple[float, int, bool]]) -> None:
    reader: asyncio.StreamReader | None = None
    writer: asyncio.StreamWriter | None = None
    while True:
        try:
            i = queue.get_nowait()
        except asyncio.QueueEmpty:
            break
        body = bodies[i % len(bodies)]
        request = (b"POST /api/chat HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                   b"Content-Length: %d\r\n\r\n" % len(body)) + body
        started = time.perf_counter()
        ok, by_worker = False, False
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection(host, port)
            assert reader is not None
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head.split(b" ", 2)[1])
            headers = dict(line.split(b": ", 1) for line in head.split(b"\r\n")[1:] if b": " in line)
            headers = {k.lower(): v for k, v in headers.items()}
            if b"content-length" in headers:
                await reader.readexactly(int(headers[b"content-length"]))
            else:  # chunked
                while size := int((await reader.readuntil(b"\r\n")).strip(), 16):
                    await reader.readexactly(size + 2)
                await reader.readuntil(b"\r\n")
            ok, by_worker = status == 200, WORKER_HEADER in headers
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError):
            if writer is not None:
                writer.close()
            reader = writer = None
        results.append(((time.perf_counter() - started) * 1000, ok, by_worker))
    if writer is not None:
        writer.close()


def load_test(url: str, questions: list[str], clients: int, total: int, timeout_s: float = 300) -> dict[str, Any]:
    """``total`` chat requests from ``clients`` concurrent keep-alive connections (bounded in
    count and time); requests/s, latency, errors and the share a worker process answered."""
    host, port = url.removeprefix("http://").split(":")
    bodies = [json.dumps({"messages": [{"role": "user", "content": q}]}, ensure_ascii=False).encode() for q in questions]
    results: list[tuple[float, int, bool]] = []

    async def run() -> float:
        queue: asyncio.Queue[int] = asyncio.Queue()
        for i in range(total):
            queue.put_nowait(i)
        started = time.perf_counter()
        await asyncio.wait_for(asyncio.gather(*(_one_client(host, int(port), bodies, queue, results)
                                                for _ in range(clients))), timeout_s)
        return time.perf_counter() - started

    cpu = time.process_time()
    wall = asyncio.run(run())
    times = sorted(t for t, _, _ in results)
    return {"clients": clients, "n": len(results), "throughput_rps": round(len(results) / wall, 1),
            "p50_ms": round(statistics.median(times), 1), "p95_ms": round(times[int(0.95 * (len(times) - 1))], 1),
            "errors": sum(not ok for _, ok, _ in results),
            "worker_share": round(sum(w for _, _, w in results) / max(len(results), 1), 2),
            "client_cpu_ms_per_request": round((time.process_time() - cpu) * 1000 / max(len(results), 1), 2)}


def bench_workers(settings: Settings, questions: list[str], workers: int = 2, clients: int = 50,
                  total: int = 400, rounds: int = 3) -> dict[str, Any]:
    """50 concurrent clients against ``zjtx serve`` with one process and with ``workers``, both
    running at once and measured in alternating rounds (the median round of each counts), so
    that the other load on the machine falls on both alike."""
    with served(settings, 1) as single, served(settings, workers) as multi:
        for url in (single, multi):  # every question answered once: warm caches, as in production
            load_test(url, questions, clients=10, total=len(questions))
        runs: dict[str, list[dict[str, Any]]] = {"1": [], str(workers): []}
        for _ in range(rounds):
            runs["1"].append(load_test(single, questions, clients, total))
            runs[str(workers)].append(load_test(multi, questions, clients, total))
    median = {k: sorted(v, key=lambda r: r["throughput_rps"])[len(v) // 2] for k, v in runs.items()}
    return {"processes": median, "rounds": runs,
            "ratio_workers_to_one_process": round(median[str(workers)]["throughput_rps"]
                                                  / max(median["1"]["throughput_rps"], 1e-6), 2)}


_EMBED_SCRIPT = (
    "import sys, time; from zjtx.settings import Settings; from indexer.index_store import IndexStore;"
    "from indexer.chunking import embedding_text; from indexer.embeddings import make_embeddings;"
    "s = Settings(corpus_dir=sys.argv[1], data_dir=sys.argv[2]); store = IndexStore(s.index_dir);"
    "texts = [embedding_text(c) for c in store.read_chunks(store.current_build_id())];"
    "t = time.perf_counter(); e = make_embeddings(s); b = max(1, s.embed_batch_size);"
    "[e.embed_documents(texts[i:i + b]) for i in range(0, len(texts), b)];"
    "print(len(texts), time.perf_counter() - t)"
)


def time_embedding_alone(corpus: Path, data: Path) -> dict[str, float]:
    """Loading the embedder and embedding every chunk of the current build in the builder's
    batches, nothing else, in a child process as the build is (wall seconds inside it, CPU
    seconds of the whole process)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = usage.ru_utime + usage.ru_stime
    out = subprocess.run([sys.executable, "-c", _EMBED_SCRIPT, str(corpus), str(data)], check=True,
                         capture_output=True, text=True, timeout=3600)
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    chunks, seconds = out.stdout.split()[-2:]
    return {"chunks": int(chunks), "seconds": round(float(seconds), 2),
            "cpu_s": round(usage.ru_utime + usage.ru_stime - cpu, 2)}
