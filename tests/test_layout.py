"""The stage packages import one way (read <- parse <- extract <- link), and schemas/warehouse never import the
pipeline: the layout CONTRIBUTING.md describes stays true."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ORDER = ["read", "parse", "extract", "link"]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            out.add(node.module)
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
    return out


def test_stage_packages_import_only_earlier_stages():
    wrong = []
    for rank, stage in enumerate(ORDER):
        for path in sorted((ROOT / "newsevents" / stage).glob("*.py")):
            for module in _imports(path):
                parts = module.split(".")
                if parts[0] == "newsevents" and len(parts) > 1:
                    if parts[1] in ORDER and ORDER.index(parts[1]) > rank:
                        wrong.append(f"{path.relative_to(ROOT)} imports {module}")
                    if parts[1] in ("pipeline", "process", "cli", "dashboard"):
                        wrong.append(f"{path.relative_to(ROOT)} imports {module}")
                if parts[0] in ("flows", "warehouse"):
                    wrong.append(f"{path.relative_to(ROOT)} imports {module}")
    assert not wrong, "\n".join(wrong)


def test_schemas_and_warehouse_do_not_import_the_run():
    wrong = [
        f"{p.relative_to(ROOT)} imports {m}"
        for folder in ("schemas", "warehouse")
        for p in sorted((ROOT / folder).glob("*.py"))
        for m in _imports(p)
        if m.startswith(("newsevents.pipeline", "newsevents.process", "flows"))
    ]
    assert not wrong, "\n".join(wrong)
