"""The whole AST of many documents, spans and source text included, as one file to compare.

A refactoring or speed step must not change what giar reads. Run ``save`` before the change
and ``compare`` after it: every corpus document, example and test fixture, and generated
reports of both editions (a fixed seed), with every attrs field of every node, the fields
left out of equality and repr (spans, source text, recovery flags) as well.

    python benchmarks/ast_snapshot.py save /tmp/before.json
    python benchmarks/ast_snapshot.py compare /tmp/before.json

(GIAR_CORPUS names the corpus folder when it is not ../shared/corpus.)
"""

from __future__ import annotations

import base64
import json
import os
import sys
from pathlib import Path
from typing import Optional

import attrs

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))


def dump(value):
    """Every field of every node; a field at its default is left out, so that a new field
    (with a default) changes nothing where it is not used."""
    if attrs.has(type(value)):
        out = {"": type(value).__name__}
        for f in attrs.fields(type(value)):
            v = getattr(value, f.name)
            if f.default is attrs.NOTHING or isinstance(f.default, attrs.Factory) or v != f.default:
                out[f.name] = dump(v)
        return out
    if isinstance(value, (tuple, list)):
        return [dump(v) for v in value]
    if isinstance(value, dict):
        return {str(k): dump(v) for k, v in value.items()}
    return repr(value)


def documents(with_generated: bool = True):
    corpus = Path(os.environ.get("GIAR_CORPUS", ROOT.parent / "shared" / "corpus"))
    for p in sorted(p for p in corpus.rglob("*") if p.is_file() and p.name != "README.md"):
        yield f"corpus/{p.relative_to(corpus)}", p.read_bytes()
    paths = sorted(p for p in (ROOT / "examples").iterdir() if p.suffix in (".txt", ".md", ".html"))
    paths += sorted((ROOT / "tests" / "data").glob("*.md"))
    for p in paths:
        yield str(p.relative_to(ROOT)), p.read_bytes()
    if not with_generated:
        return
    from hypothesis import HealthCheck, given, settings
    from strategies import reports

    made: list = []

    @settings(max_examples=120, database=None, derandomize=True, suppress_health_check=list(HealthCheck))
    @given(reports())
    def collect(report):
        made.append(report)

    collect()
    from giar.write.markdown import render_markdown

    for i, report in enumerate(made):
        yield f"generated-{i}", render_markdown(report).encode("utf-8")


def snapshot(generated: Optional[dict] = None) -> tuple[dict, dict]:
    """(name → AST dump, the generated inputs). ``generated``: the inputs a saved snapshot
    was made from (generating them again after a change to the grammar or the strategies
    would draw other reports)."""
    from giar.errors import GiarError
    from giar.parse import parse_bytes

    out, inputs = {}, {}
    for name, data in documents(with_generated=generated is None):
        out[name] = _parsed(parse_bytes, GiarError, data, name)
        if name.startswith("generated-"):
            inputs[name] = base64.b64encode(data).decode("ascii")
    for name, encoded in (generated or {}).items():
        out[name] = _parsed(parse_bytes, GiarError, base64.b64decode(encoded), name)
        inputs[name] = encoded
    return out, inputs


def _parsed(parse_bytes, GiarError, data: bytes, name: str):
    try:
        return dump(parse_bytes(data, name))
    except GiarError as e:
        return f"GiarError: {e}"


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in ("save", "compare"):
        print(__doc__.strip().splitlines()[-2:], file=sys.stderr)
        return 2
    if argv[0] == "save":
        now, inputs = snapshot()
        Path(argv[1]).write_text(json.dumps({"asts": now, "generated": inputs}, ensure_ascii=False), "utf-8")
        print(f"saved {len(now)} documents")
        return 0
    saved = json.loads(Path(argv[1]).read_text("utf-8"))
    before = saved["asts"]
    now, _ = snapshot(saved["generated"])
    changed = sorted(k for k in before.keys() | now.keys() if before.get(k) != now.get(k))
    for k in changed:
        print(f"changed: {k}")
    print(f"{len(now)} documents, {len(changed)} changed")
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
