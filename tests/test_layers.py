"""Dependencies point one way: corpus → indexer → assistant → ui → zjtx (the CLI).

Every module's imports are read with ``ast`` (function-level imports included) and each must
point to its own layer or a lower one; ``evals`` may use every layer and only the CLI may
run it. The upward imports that exist today are listed in :data:`KNOWN_UPWARD`, a list that
may only shrink: a new upward import fails, and so does a listed one that has gone.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LAYERS = ("corpus", "indexer", "assistant", "ui", "zjtx")  # each may import only those before it
EVALS = "evals"
CLI = "zjtx.cli"  # its `zjtx eval` commands run the evals: the top edge may call them

# Issue 13 point 1: settings read from the composition root (zjtx) below it. When settings
# become a leaf module passed down, these go; remove each line as its import disappears.
KNOWN_UPWARD = {
    ("assistant.chain", "zjtx.settings"),
    ("assistant.library_intake", "zjtx.settings"),
    ("assistant.llm.composer", "zjtx.settings"),
    ("assistant.llm.factory", "zjtx.settings"),
    ("assistant.llm.model", "zjtx.settings"),
    ("assistant.llm.quote", "zjtx.settings"),
    ("assistant.retrieval.search_index", "zjtx.settings"),
    ("assistant.reward_answers", "zjtx.settings"),
    ("assistant.rewards.table", "zjtx.settings"),
    ("assistant.service", "zjtx.settings"),
    ("indexer.builder", "zjtx.settings"),
    ("indexer.embeddings", "zjtx.settings"),
    ("indexer.ingest", "zjtx.settings"),
    ("indexer.vector_store", "zjtx.settings"),
    ("ui.api", "zjtx.settings"),
    ("ui.app", "zjtx.settings"),
    ("ui.documents_api", "zjtx.settings"),
    ("ui.gradio.eligibility_tab", "zjtx.settings"),
    ("ui.gradio.rewards_tab", "zjtx.settings"),
    ("ui.gradio.titles", "zjtx.settings"),
    ("ui.review_api", "zjtx.settings"),
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path: Path) -> set[str]:
    """Absolute names of the modules ``path`` imports (``from a import b`` counts as ``a.b``
    when ``a.b`` is a module of the project, else as ``a``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join([*package[: len(package) - node.level + 1], *([base] if base else [])])
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                names.add(candidate if _is_project_module(candidate) else base)
    return names


def _is_project_module(name: str) -> bool:
    path = ROOT.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def project_modules() -> dict[str, Path]:
    found = {}
    for top in (*LAYERS, EVALS):
        for path in sorted((ROOT / top).rglob("*.py")):
            found[module_name(path)] = path
    return found


def _layer(module: str) -> str:
    return module.split(".")[0]


def upward_imports() -> set[tuple[str, str]]:
    """(importer, imported) pairs that point up the layers or into evals."""
    upward = set()
    for importer, path in project_modules().items():
        source = _layer(importer)
        for imported in imported_modules(path):
            target = _layer(imported)
            if target not in (*LAYERS, EVALS) or source == EVALS or target == source:
                continue
            if target == EVALS and importer.startswith(CLI):
                continue
            if target == EVALS or LAYERS.index(target) > LAYERS.index(source):
                upward.add((importer, imported))
    return upward


def test_the_walk_sees_the_project() -> None:
    modules = project_modules()
    assert {"assistant.frame", "indexer.builder", "ui.api", "zjtx.cli", "evals.runner"} <= modules.keys()
    assert "zjtx.settings" in imported_modules(modules["assistant.chain"]), "the walk reads imports"
    assert "assistant.eligibility.tiers" in imported_modules(modules["assistant.eligibility.parse"])


def test_no_new_upward_import() -> None:
    new = sorted(upward_imports() - KNOWN_UPWARD)
    assert not new, (
        "这些导入违反了分层（corpus → indexer → assistant → ui → zjtx，evals 只被 CLI 调用）："
        + "; ".join(f"{a} → {b}" for a, b in new)
    )


def test_known_upward_imports_only_shrink() -> None:
    gone = sorted(KNOWN_UPWARD - upward_imports())
    assert not gone, "这些违规导入已消失，请从 KNOWN_UPWARD 中删除：" + "; ".join(f"{a} → {b}" for a, b in gone)


def test_nothing_below_the_interfaces_imports_them() -> None:
    """The core of issue 13: nothing below the CLI imports the CLI, the API or the UI."""
    interfaces = ("ui", CLI)
    below = [(a, b) for a, b in upward_imports() | KNOWN_UPWARD
             if _layer(a) in ("corpus", "indexer", "assistant") and b.startswith(interfaces)]
    assert not below, "; ".join(f"{a} → {b}" for a, b in sorted(below))
