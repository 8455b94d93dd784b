"""How much of the product survives recognition, per channel: the ceiling of matching heard text.

Run as ``.venv/bin/python bench/bench_heard.py``. Reads ../shared (never copied). Prints a table and
writes the same figures to ``bench/results/bench_heard.json``. Takes about half a minute.

A matcher only sees the heard text. When no word the shopper said of the product reaches it, no
matcher can find the product from the text alone (consistent@1 may still be right by chance, for a
generic request such as "order milk"). For each channel this reports, over all rows:

- ``none_heard``: rows where no product word said (a content word of the spoken request that is in
  the product's name, plural-insensitive) is in the heard text, neither as said nor as a word with
  the same sound key (:func:`catalog.phonetics.sound_key`);
- ``some_heard`` and ``all_heard``: rows where at least one, or every, product word said was heard as
  said;
- ``ceiling_c_at_1``: the share of rows that are not ``none_heard`` (an upper bound for a matcher
  without audio, as generous as can be: one surviving word of four rarely names the product);
- our matcher's consistent@1 on each group, so that misses on text that held the product
  (``all_heard``) are told apart from misses on text that did not;
- ``c_at_1_target_needs_on_heard``: the consistent@1 a channel's target requires on the rows where
  something was heard, given this run's hits on the others.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

_REPO = Path(__file__).resolve().parents[1]
for _path in (_REPO, _REPO / "bench"):  # allow running as a plain script from anywhere
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

from bench_matcher import CHANNEL_ORDER, PRODUCTS, QUERIES, REPO, TARGETS  # noqa: E402

from catalog import load_instacart  # noqa: E402
from catalog.normalise import normalise, singular  # noqa: E402
from catalog.phonetics import sound_key  # noqa: E402

RESULTS = REPO / "bench" / "results" / "bench_heard.json"
# consistent@1 targets of the issue: what share of the heard rows they need.
C_AT_1_TARGETS = {channel: c_at_1 for channel, (_, c_at_1) in TARGETS.items()}
# Function words: never the part of a request that names a product.
_STOPWORDS = frozenset({
    "a", "an", "the", "and", "of", "with", "for", "in", "on", "to", "or", "by", "at", "from", "n", "no", "x",
    "per", "into", "w",
})  # fmt: skip


def _words(text: str) -> set[str]:
    return {singular(w) for w in normalise(text).split() if w not in _STOPWORDS}


def _survival(row: dict[str, Any]) -> str:
    """``all`` / ``some`` (heard as said), ``sound`` (only by sound key) or ``none``."""
    said = _words(row["product_name"]) & _words(row["spoken_text"])
    heard = _words(row["heard_text"])
    if said and said <= heard:
        return "all"
    if said & heard:
        return "some"
    heard_keys = {sound_key(w) for w in heard}
    if any(sound_key(w) in heard_keys for w in said):
        return "sound"
    return "none"


def main() -> None:
    if not QUERIES.exists():
        raise SystemExit(f"missing {QUERIES}: this benchmark needs ../shared beside the repository")
    catalog = load_instacart(PRODUCTS)
    rows = [json.loads(line) for line in QUERIES.read_text(encoding="utf-8").splitlines() if line.strip()]
    # channel -> group -> [rows, consistent@1 hits]
    tallies: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for row in rows:
        best = catalog.match(row["heard_text"]).best
        hit = int(best is not None and best.product.id in row["consistent_ids"])
        group = _survival(row)
        for key in (group, "rows"):
            tally = tallies[row["channel"]][key]
            tally[0] += 1
            tally[1] += hit
        if group in ("all", "some"):
            tally = tallies[row["channel"]]["some_or_all"]
            tally[0] += 1
            tally[1] += hit

    def share(k: int, n: int) -> float | None:
        return round(100.0 * k / n, 1) if n else None

    results: dict[str, dict[str, Any]] = {}
    print(
        f"{'channel':28} {'rows':>4} {'none':>5} {'sound':>5} {'some':>5} {'all':>5} "
        f"{'ceiling':>7} {'c@1':>5} {'c@1|all':>7} {'c@1|some+':>9} {'needs':>6}"
    )
    for channel in CHANNEL_ORDER:
        t = tallies[channel]
        n = t["rows"][0]
        ceiling = share(n - t["none"][0], n)
        results[channel] = {
            "rows": n,
            "none_heard": t["none"][0],
            "only_sound_alike": t["sound"][0],
            "some_heard": t["some"][0],
            "all_heard": t["all"][0],
            "ceiling_c_at_1": ceiling,
            "c_at_1": share(t["rows"][1], n),
            "c_at_1_all_heard": share(t["all"][1], t["all"][0]),
            "c_at_1_some_or_all_heard": share(t["some_or_all"][1], t["some_or_all"][0]),
            "c_at_1_none_heard": share(t["none"][1], t["none"][0]),
        }
        r = results[channel]
        target = C_AT_1_TARGETS.get(channel)
        heard_rows = t["some_or_all"][0]
        r["c_at_1_target_needs_on_heard"] = (
            share(round(target * n / 100.0 - (t["rows"][1] - t["some_or_all"][1]) + 0.4999), heard_rows)
            if target is not None
            else None
        )
        print(
            f"{channel:28} {n:>4} {r['none_heard']:>5} {r['only_sound_alike']:>5} {r['some_heard']:>5} "
            f"{r['all_heard']:>5} {ceiling!s:>7} {r['c_at_1']!s:>5} {r['c_at_1_all_heard']!s:>7} "
            f"{r['c_at_1_some_or_all_heard']!s:>9} {r['c_at_1_target_needs_on_heard']!s:>6}"
        )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(
        json.dumps({"catalog_products": len(catalog), "channels": results}, indent=2) + "\n", encoding="utf-8"
    )


if __name__ == "__main__":
    main()
