"""Dump the matcher's top-5 lists for every evaluation text, diff two dumps, or profile it.

A change meant to make the matcher faster must not change a single suggestion. This script
writes, for every text the `matching` benchmark scores, the top-5 codes with their scores,
confidences and the result's status, as the benchmark's three indexes give them:

- ``plain``: the index without examples, every written text;
- ``split``: each written text by the index with the examples of the other splits;
- ``shipped``: the index as shipped (examples of every written set), every written text without
  context and every real text (shared development set, ``--set`` files) in its context.

    uv run python bench/matching_dump.py dump before.json
    uv run python bench/matching_dump.py dump after.json
    uv run python bench/matching_dump.py diff before.json after.json   # exit 1 on any change
    uv run python bench/matching_dump.py profile [--passes 3]           # cProfile, shipped index

Not a benchmark (`bench/run.py` does not list it); it reads the same files as `matching`.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.matching import (
    BLIND,
    BLIND2,
    DEFINITIONS,
    EVALUATION,
    NOMENCLATURE,
    REAL_DEV,
    SPLITS,
    _real_sets,
    context_of,
    examples_for,
    written_rows,
)
from tangguh.measures.matching import MatchIndex
from tangguh.measures.matching.model import Context
from tangguh.measures.nomenclature_file import load_entries
from tangguh.measures.text_id import stem


def _args(extra: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    parser.add_argument("--eval", type=Path, default=EVALUATION)
    parser.add_argument("--blind", type=Path, default=BLIND)
    parser.add_argument("--blind2", type=Path, default=BLIND2)
    parser.add_argument("--real-dev", type=Path, default=REAL_DEV)
    parser.add_argument("--set", dest="sets", type=Path, action="append", default=[])
    parser.add_argument("--passes", type=int, default=3)
    return parser.parse_args(extra)


def _shipped_examples(rows: list[dict[str, str]]) -> list[tuple[str, str]]:
    return [(r["text"], c) for r in rows for c in r["codes"].split()]


def _top(index: MatchIndex, text: str, context: Context | None) -> list[Any]:
    result = index.suggest(text, 5, context)
    return [
        result.status,
        round(result.understood, 6),
        [[s.code, s.score, s.confidence, s.route] for s in result.suggestions],
        [list(s.matched) for s in result.suggestions],
    ]


def dump(path: Path, args: argparse.Namespace) -> None:
    """Write every text's top-5 lists (three indexes) to `path` as JSON."""
    rows = written_rows(args)
    entries = load_entries(NOMENCLATURE, DEFINITIONS, jenis_pemda="KABKOT", government="kabkota")
    plain = MatchIndex.build(entries)
    out: dict[str, Any] = {"plain": {}, "split": {}, "shipped": {}}
    for n, row in enumerate(rows):
        out["plain"][f"{row['split']}:{n}"] = _top(plain, row["text"], None)
    for split in SPLITS:
        chosen = [(n, r) for n, r in enumerate(rows) if r["split"] == split]
        if not chosen:
            continue
        index = MatchIndex.build(entries, examples=examples_for(rows, split))
        for n, row in chosen:
            out["split"][f"{split}:{n}"] = _top(index, row["text"], None)
    shipped = MatchIndex.build(entries, examples=_shipped_examples(rows))
    for n, row in enumerate(rows):
        out["shipped"][f"{row['split']}:{n}"] = _top(shipped, row["text"], None)
    for name, real_rows in _real_sets(args):
        for row in real_rows:
            out["shipped"][f"{name}:{row['id']}"] = _top(shipped, row["text"], context_of(row))
    path.write_text(json.dumps(out, ensure_ascii=False, indent=0, sort_keys=True), "utf-8")
    print(f"{path}: {sum(len(v) for v in out.values())} lists")


def diff(before: Path, after: Path) -> int:
    """Print every text whose lists differ; 0 when none does."""
    a = json.loads(before.read_text("utf-8"))
    b = json.loads(after.read_text("utf-8"))
    changed = 0
    for case in sorted(set(a) | set(b)):
        for key in sorted(set(a.get(case, {})) | set(b.get(case, {}))):
            left, right = a.get(case, {}).get(key), b.get(case, {}).get(key)
            if left != right:
                changed += 1
                if changed <= 30:
                    print(f"{case} {key}:\n  before {left}\n  after  {right}")
    total = sum(len(v) for v in a.values())
    print(f"{changed} of {total} lists differ")
    return 1 if changed else 0


def profile(args: argparse.Namespace) -> None:
    """cProfile of the shipped index over the real texts and the written test texts."""
    rows = written_rows(args)
    entries = load_entries(NOMENCLATURE, DEFINITIONS, jenis_pemda="KABKOT", government="kabkota")
    shipped = MatchIndex.build(entries, examples=_shipped_examples(rows))
    texts: list[tuple[str, Context | None]] = [
        (r["text"], None) for r in rows if r["split"] in ("blind2", "blind3")
    ]
    for _, real_rows in _real_sets(args):
        texts.extend((r["text"], context_of(r)) for r in real_rows)
    profiler = cProfile.Profile()
    for _ in range(args.passes):
        shipped.clear_caches()
        stem.cache_clear()
        profiler.enable()
        for text, context in texts:
            shipped.suggest(text, 5, context)
        profiler.disable()
    print(f"{len(texts)} texts x {args.passes} passes")
    pstats.Stats(profiler).sort_stats("tottime").print_stats(30)


def main() -> int:
    if len(sys.argv) < 2 or sys.argv[1] not in ("dump", "diff", "profile"):
        print(__doc__)
        return 2
    command = sys.argv[1]
    if command == "diff":
        return diff(Path(sys.argv[2]), Path(sys.argv[3]))
    if command == "dump":
        dump(Path(sys.argv[2]), _args(sys.argv[3:]))
        return 0
    profile(_args(sys.argv[2:]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
