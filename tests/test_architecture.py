"""The import structure of assistant/: no cycles, each package imports only what assistant/layers.yaml allows.

Imports are read from the source (every ``import`` statement, also those inside functions), so a lazy
import that hides a cycle at run time is still a cycle here.
"""

from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "assistant"
LAYERS = yaml.safe_load((PACKAGE / "layers.yaml").read_text(encoding="utf-8"))


def module_name(path: Path, base: Path) -> str:
    parts = list(path.relative_to(base).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules(root: Path = PACKAGE) -> dict[str, Path]:
    return {module_name(p, root.parent): p for p in sorted(root.rglob("*.py"))}


def imports(path: Path, known: set[str]) -> set[str]:
    """The modules of ``known`` that ``path`` imports; ``from a import b`` counts as a.b when b is a module."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                found.add(full if full in known else node.module)
    return found


@cache
def graph(root: Path = PACKAGE) -> dict[str, set[str]]:
    mods = modules(root)
    return {name: {d for d in imports(path, set(mods)) if d in mods and d != name} for name, path in mods.items()}


def find_cycle(edges: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as a list of modules (first repeated last), or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(edges):
        if node not in state and (found := visit(node)):
            return found
    return None


def layer(module: str) -> str:
    """The entry of layers.yaml a module belongs to: its package, or the top-level module itself."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def test_no_import_cycle() -> None:
    cycle = find_cycle(graph())
    assert cycle is None, "import cycle: " + " → ".join(cycle or [])


def test_cycle_finder_finds_a_lazy_import_cycle(tmp_path: Path) -> None:
    """The check must be able to fail: two modules importing each other, one of them inside a function."""
    pkg = tmp_path / "assistant"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from assistant.b import g\n")
    (pkg / "b.py").write_text("def g():\n    from assistant import a\n")
    (pkg / "c.py").write_text("import assistant.b\n")
    edges = graph(pkg)
    assert edges["assistant.a"] == {"assistant.b"}
    assert find_cycle(edges) == ["assistant.a", "assistant.b", "assistant.a"]


def test_every_package_is_in_the_layer_table() -> None:
    assert {layer(m) for m in modules()} == set(LAYERS)


def test_layer_table_has_no_cycle() -> None:
    edges = {name: set(entry["imports"]) for name, entry in LAYERS.items()}
    assert find_cycle(edges) is None
    assert all(set(entry["imports"]) <= set(LAYERS) for entry in LAYERS.values())


@pytest.mark.parametrize("module", sorted(modules()))
def test_module_imports_only_allowed_packages(module: str) -> None:
    own = layer(module)
    allowed = {own, *LAYERS[own]["imports"]}
    used = {layer(dep) for dep in graph()[module]}
    assert used <= allowed, f"{module} imports {sorted(used - allowed)}; assistant/layers.yaml allows {sorted(allowed)}"


@pytest.mark.parametrize("module", sorted(modules()))
def test_engine_never_imports_streamlit(module: str) -> None:
    names = imports(modules()[module], set())
    assert not any(n == "streamlit" or n.startswith("streamlit.") for n in names)


def readme_map() -> dict[str, tuple[str, list[str]]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## 代码结构", 1)[1].split("\n## ", 1)[0]
    rows: dict[str, tuple[str, list[str]]] = {}
    for line in section.splitlines():
        match = re.fullmatch(r"\| `([\w.]+)` \| (.+?) \| (.*?) \|", line.strip())
        if match:
            allowed = [] if match[3] == "—" else [m.strip("`") for m in match[3].split("、")]
            rows[match[1]] = (match[2], allowed)
    return rows


def test_readme_map_matches_the_layer_table() -> None:
    expected = {name: (entry["owns"], list(entry["imports"])) for name, entry in LAYERS.items()}
    assert readme_map() == expected
