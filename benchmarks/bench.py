"""Throughput and memory of giar's parse and format, beside a bare regex tokenisation pass.

    python benchmarks/bench.py [--generated N] [--corpus DIR]

Reports reports/s and MB/s for: the corpus's text and Markdown documents, and N generated
reports (the invented example re-laid out in every messy layout with random numbers). The
baseline is one regex pass splitting the same bytes into cells and lines — the least any
parser must do. Peak memory is tracemalloc's peak for one pass over each set. One core.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import attrs  # noqa: E402

from giar.model.ast import Count, Paragraph  # noqa: E402
from giar.parse import parse_bytes  # noqa: E402
from giar.format import edition_ids, fold  # noqa: E402
from giar.read import edition as read_edition  # noqa: E402
from giar.parse.grammar import edition_grammar  # noqa: E402
from giar.write.markdown import render_markdown  # noqa: E402

TOKEN = re.compile(r"[^|\t\n]+|[|\t\n]")


def generated(n: int) -> list[bytes]:
    """n variants of examples/clean-2025.md: random counts, every messy layout in turn."""
    from strategies import Layout, render_messy

    rng = random.Random(2025)
    clean = parse_bytes((ROOT / "examples" / "clean-2025.md").read_bytes(), "clean-2025.md")
    styles = ["pipe", "tab", "one_per_line", "github"]
    out = []
    for i in range(n):
        def shuffle(row):
            return attrs.evolve(row, cells=tuple(Count(rng.randint(0, 500)) if isinstance(c, Count) else c
                                                 for c in row.cells))
        def vary(block):
            # Every report's prose its own, as in a real batch (caches must not flatter).
            if isinstance(block, Paragraph):
                return attrs.evolve(block, text=f"{block.text}（第{i}号，{rng.randint(0, 10**6)}）")
            if hasattr(block, "rows"):
                return attrs.evolve(block, rows=tuple(shuffle(r) for r in block.rows))
            return block
        sections = tuple(attrs.evolve(s, body=tuple(vary(b) for b in s.body)) for s in clean.sections)
        report = attrs.evolve(clean, sections=sections)
        style = styles[i % len(styles)]
        layout = Layout(style, ["full", "split", "short"][i % 3], i % 3 if style == "pipe" else 0,
                        style == "pipe" and i % 2 == 0, False, style == "tab", i % 5 == 0,
                        ["none", "mixed"][i % 2], 1 + i % 2, i % 4 == 0, i % 6 == 0, i % 2 == 1,
                        ["utf-8", "utf-8-sig", "gb18030"][i % 3], ["\n", "\r\n"][i % 2])
        out.append(render_messy(report, layout))
    return out


def clear_caches() -> None:
    """Forget what earlier passes learnt (folded strings, cell kinds, headings,
    the labels in each cell)."""
    fold.cache_clear()
    read_edition._label_hits.clear()
    for edition in edition_ids():
        g = edition_grammar(edition)
        g.cell_kinds.clear()
        g.heading_cache.clear()


def timed(label: str, docs: list[bytes], fn, repeat: int = 3) -> dict:
    fn(docs[0])  # warm: grammar loading is not a per-report cost
    # Best of `repeat` passes (this machine is shared), each starting from empty caches.
    seconds = float("inf")
    for _ in range(repeat):
        clear_caches()
        start = time.perf_counter()
        for d in docs:
            fn(d)
        seconds = min(seconds, time.perf_counter() - start)
    tracemalloc.start()
    for d in docs[: min(len(docs), 50)]:
        fn(d)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    size = sum(len(d) for d in docs)
    return {"what": label, "reports/s": len(docs) / seconds, "MB/s": size / seconds / 1e6,
            "ms/report": 1000 * seconds / len(docs), "peak MiB": peak / 2**20}


def run(name: str, docs: list[bytes]) -> list[dict]:
    return [
        timed(f"{name}: regex tokenise", docs, lambda d: TOKEN.findall(d.decode("utf-8", "replace"))),
        timed(f"{name}: giar parse", docs, lambda d: parse_bytes(d, "bench.txt")),
        timed(f"{name}: giar parse+format", docs, lambda d: render_markdown(parse_bytes(d, "bench.txt"))),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--generated", type=int, default=1000)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    args = parser.parse_args()
    start = time.perf_counter()
    for e in edition_ids():
        edition_grammar(e)
    load = time.perf_counter() - start
    rows = []
    corpus = sorted(p for p in args.corpus.glob("*/*") if p.suffix in (".txt", ".md") and p.name != "README.md")
    if corpus:
        rows += run(f"corpus ({len(corpus)} text/md)", [p.read_bytes() for p in corpus])
    rows += run(f"generated ({args.generated})", generated(args.generated))
    import giar

    print(f"giar {giar.__version__}, {giar.build()} (see setup.py); Python {sys.version.split()[0]}")
    print(f"grammar load (both editions, cached tables): {load * 1000:.0f} ms\n")
    print(f"| {'what':<40} | reports/s | MB/s | ms/report | peak MiB |")
    print(f"|{'-' * 42}|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['what']:<40} | {r['reports/s']:.0f} | {r['MB/s']:.2f} | {r['ms/report']:.2f} | {r['peak MiB']:.1f} |")


if __name__ == "__main__":
    main()
