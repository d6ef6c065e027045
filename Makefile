# zjtx: the two commands a fresh machine needs are `make run` and `make test`.
VENV    ?= .venv
PYTHON  ?= python3
PY      := $(VENV)/bin/python
ZJTX    := $(VENV)/bin/zjtx
STAMP   := $(VENV)/.installed
# ZJTX_HOST / ZJTX_PORT (README, Configuration) apply to `make run` too
HOST    ?= $(or $(ZJTX_HOST),127.0.0.1)
PORT    ?= $(or $(ZJTX_PORT),7860)
WORKERS ?= 1

.PHONY: install run index serve test test-fast test-llm eval-llm lint eval bench clean

# torch==2.13.0 (CPU build on local disk) goes in first: a bare torch requirement from
# sentence-transformers would otherwise pull a multi-GB CUDA build. uv installs (about 3x faster
# than pip here); pip is the fallback when uv cannot be had. `run` and `test` share this one stamp.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	if $(PY) -m pip install --quiet uv; then \
	  flags="$$($(PY) -c "$$UV_FLAGS_FROM_PIP_CONFIG")"; \
	  $(VENV)/bin/uv pip install --quiet --python $(PY) $$flags torch==2.13.0 && \
	  $(VENV)/bin/uv pip install --quiet --python $(PY) $$flags -e '.[st,dev]'; \
	else \
	  $(PY) -m pip install --quiet --upgrade pip && \
	  $(PY) -m pip install --quiet torch==2.13.0 && \
	  $(PY) -m pip install --quiet -e '.[st,dev]'; \
	fi
	touch $(STAMP)

# uv reads no pip.conf: hand it the machine's pip sources (find-links, extra indexes, constraints),
# and pick the best version across them as pip does (uv's default takes the first index only)
define UV_FLAGS_FROM_PIP_CONFIG
import shlex, subprocess, sys
names = {"find-links": "--find-links", "index-url": "--index-url", "extra-index-url": "--extra-index-url",
         "constraint": "--constraint"}
listed = subprocess.run([sys.executable, "-m", "pip", "config", "list"], capture_output=True, text=True).stdout
flags = ["--index-strategy", "unsafe-best-match"]
for line in listed.splitlines():
    key, _, value = line.partition("=")
    flag = names.get(key.rpartition(".")[2])
    for item in (shlex.split(value)[0].split() if flag and value else []):
        if item not in flags:
            flags += [flag, item]
print(" ".join(shlex.quote(f) for f in flags))
endef
export UV_FLAGS_FROM_PIP_CONFIG

install: $(STAMP)

## make run: set up and serve on http://127.0.0.1:7860. With no index yet, `zjtx serve` builds it in
## the background: keyword answers within seconds, hybrid once the vectors are done (`make index`
## updates an existing index after the corpus changed). `make run WORKERS=2` answers on both cores.
run: install
	$(ZJTX) serve --host $(HOST) --port $(PORT) --workers $(WORKERS)

index: install
	$(ZJTX) index

serve: install
	$(ZJTX) serve --host $(HOST) --port $(PORT) --workers $(WORKERS)

## make test: set up and run the whole test suite (CI runs exactly this)
test: install
	$(PY) -m pytest -q

test-fast: install
	$(PY) -m pytest -q -m "not slow"

# LLM mode end to end against llama.cpp serving Gemma 3 270M on 127.0.0.1. llama-cpp-python
# compiles llama.cpp (about 15 min CPU, ~33 min wall on two busy cores): built once, kept as a wheel.
WHEELS    ?= .cache/wheels
LLAMA_CPP ?= 0.3.36
$(WHEELS)/.llama-cpp-$(LLAMA_CPP): | install
	mkdir -p $(WHEELS)
	CMAKE_BUILD_PARALLEL_LEVEL=2 $(PY) -m pip wheel --no-deps -w $(WHEELS) "llama-cpp-python==$(LLAMA_CPP)"
	touch $@

test-llm: install $(WHEELS)/.llama-cpp-$(LLAMA_CPP)
	$(PY) -m pip install --quiet --find-links $(WHEELS) -e '.[llm-test]'
	$(PY) -m pytest -q -m llm tests/integration/test_llm_server.py

## make eval-llm: LLM mode (quote style, Gemma 3 270M on 127.0.0.1) against extractive, same cases
eval-llm: install $(WHEELS)/.llama-cpp-$(LLAMA_CPP)
	$(PY) -m pip install --quiet --find-links $(WHEELS) -e '.[llm-test]'
	$(ZJTX) index
	$(PY) -m evals.local_llm --out eval-out --limit 40

lint: install
	$(VENV)/bin/ruff check zjtx indexer assistant ui evals tests
	$(VENV)/bin/mypy zjtx indexer assistant ui evals

eval: install
	$(ZJTX) eval --out eval-out

bench: install
	$(ZJTX) bench --out eval-out

clean:
	rm -rf $(VENV) data eval-out test-artifacts
