"""Dependencies point one way: corpus → indexer → assistant → ui → zjtx (the CLI).

Every module's imports are read with ``ast`` (function-level imports included) and each must
point to its own layer or a lower one; ``evals`` may use every layer and only the CLI may
run it. ``zjtx.settings`` is the exception that proves the rule: a leaf below every layer
(it imports nothing of the project), so any module may take a ``Settings`` handed to it. The
cached ``get_settings()`` getter is another matter: only the composition root (the CLI, and
an eval's own ``main()``) may call it; everything else is passed its settings.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LAYERS = ("corpus", "indexer", "assistant", "ui", "zjtx")  # each may import only those before it
EVALS = "evals"
CLI = "zjtx.cli"  # its `zjtx eval` commands run the evals: the top edge may call them
SETTINGS = "zjtx.settings"  # a leaf under every layer
GETTER = "get_settings"
# Modules below the root that still call the global getter (issue 13: none left). It may only shrink.
GETTER_STILL_CALLED: set[str] = set()


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
    """(importer, imported) pairs that point up the layers or into evals (settings excepted)."""
    upward = set()
    for importer, path in project_modules().items():
        source = _layer(importer)
        for imported in imported_modules(path):
            target = _layer(imported)
            if target not in (*LAYERS, EVALS) or source == EVALS or target == source:
                continue
            if imported == SETTINGS or (target == EVALS and importer.startswith(CLI)):
                continue
            if target == EVALS or LAYERS.index(target) > LAYERS.index(source):
                upward.add((importer, imported))
    return upward


def _is_composition_root(module: str) -> bool:
    return module.startswith(CLI) or module == SETTINGS


def getter_uses(path: Path) -> list[tuple[int, str]]:
    """(line, enclosing top-level function or "") of every mention of ``get_settings``: an
    import of it, a call, or an attribute read such as ``settings.get_settings``."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    uses: list[tuple[int, str]] = []
    for top in tree.body:
        scope = top.name if isinstance(top, ast.FunctionDef | ast.AsyncFunctionDef) else ""
        for node in ast.walk(top):
            named = (
                (isinstance(node, ast.Name) and node.id == GETTER)
                or (isinstance(node, ast.Attribute) and node.attr == GETTER)
                or (isinstance(node, ast.ImportFrom) and any(a.name == GETTER for a in node.names))
            )
            if named:
                uses.append((node.lineno, scope))
    return uses


def getter_callers() -> set[str]:
    """Modules below the composition root that reach for the global settings getter."""
    callers = set()
    for module, path in project_modules().items():
        if _is_composition_root(module):
            continue
        uses = getter_uses(path)
        if _layer(module) == EVALS:  # an eval run as a script builds its settings in main() (imported there too)
            uses = [(line, scope) for line, scope in uses if scope != "main"]
        if uses:
            callers.add(module)
    return callers


def test_the_walk_sees_the_project() -> None:
    modules = project_modules()
    assert {"assistant.frame", "indexer.builder", "ui.http.api", "zjtx.cli", "evals.runner"} <= modules.keys()
    assert SETTINGS in imported_modules(modules["assistant.chain"]), "the walk reads imports"
    assert "assistant.eligibility.tiers" in imported_modules(modules["assistant.eligibility.parse"])
    assert getter_uses(modules["zjtx.cli"]), "the walk sees get_settings where the CLI calls it"


def test_settings_is_a_leaf() -> None:
    """Every layer may import the settings module only because it imports none of them."""
    path = project_modules()[SETTINGS]
    own = sorted(m for m in imported_modules(path) if _layer(m) in (*LAYERS, EVALS))
    assert not own, f"zjtx/settings.py 必须是叶子模块（不导入项目内任何模块），却导入了：{own}"


def test_no_upward_import() -> None:
    upward = sorted(upward_imports())
    assert not upward, (
        "这些导入违反了分层（corpus → indexer → assistant → ui → zjtx，evals 只被 CLI 调用；"
        "zjtx.settings 例外，任何层都可导入）：" + "; ".join(f"{a} → {b}" for a, b in upward)
    )


def test_only_the_composition_root_calls_get_settings() -> None:
    """Settings are built once at the root and passed down; nothing deeper reads the global."""
    new = sorted(getter_callers() - GETTER_STILL_CALLED)
    assert not new, (
        "get_settings() 只能在组合根（zjtx/cli*.py、evals 脚本的 main()）调用，其余模块应接收传入的 Settings："
        + "; ".join(new)
    )


def test_the_getter_exceptions_only_shrink() -> None:
    gone = sorted(GETTER_STILL_CALLED - getter_callers())
    assert not gone, "这些模块已不再调用 get_settings()，请从 GETTER_STILL_CALLED 中删除：" + "; ".join(gone)


def test_nothing_below_the_interfaces_imports_them() -> None:
    """The core of issue 13: nothing below the CLI imports the CLI, nothing below ui imports ui."""
    below = sorted(
        (importer, imported)
        for importer, path in project_modules().items()
        for imported in imported_modules(path)
        if (_layer(importer) in ("corpus", "indexer", "assistant") and _layer(imported) in ("ui", "zjtx")
            and imported != SETTINGS)
        or (_layer(importer) == "ui" and imported.startswith(CLI))
    )
    assert not below, "; ".join(f"{a} → {b}" for a, b in below)
