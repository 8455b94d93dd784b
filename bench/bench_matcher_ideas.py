"""Matcher ideas tried for the noisy espeak channels and not adopted: the figures behind that decision.

Run as ``.venv/bin/python bench/bench_matcher_ideas.py`` (about two minutes). Reads ../shared (never
copied). Prints consistent@1 counts (rows whose first candidate fits every content word said, as
``bench_matcher.py`` defines it) on the five scored channels, for:

1. the matcher as it is;
2. whole-phrase sound matching alone: the phrase's CMU sound key (:func:`catalog.phonetics.phrase_key`)
   against every product's, rapidfuzz ratio over the full catalog, and the rows found only that way;
3. the same as a fallback when the word-level score is low: gains and losses per gate (score below,
   margin over the current first's sound ratio, least ratio);
4. each rescoring weight of :mod:`catalog.matcher` scaled by 0.5, 1.5 and 2.5;
5. a tie-break among candidates within a few points of the first: a bonus for heard words the name
   lacks that sound like the name's words not heard (ratio of their joined sound keys).

None of these is in the matcher: see the closing note of issue 3 for why.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:  # allow running as a plain script from anywhere
    sys.path.insert(0, str(REPO))

from rapidfuzz import fuzz, process  # noqa: E402

from catalog import load_instacart, normalise  # noqa: E402
from catalog import matcher as matcher_module  # noqa: E402
from catalog.normalise import singular  # noqa: E402
from catalog.phonetics import phrase_key  # noqa: E402

SHARED = REPO / ".." / "shared"
QUERIES = SHARED / "data" / "spoken-queries-dev" / "queries.jsonl"
CHANNELS = (
    "text",
    "festival_slt/ps_catalog",
    "festival_slt/ps_default",
    "espeak_us_m150/ps_catalog",
    "espeak_us_f185/ps_catalog",
)
WEIGHTS = ("_W_QUERY", "_W_NAME", "_W_FUZZY", "_W_PHONETIC", "_W_COMPLETE", "_POPULARITY_SHARE")

Row = dict[str, object]


def _words(text: str) -> list[str]:
    return [w for w in normalise(text).split() if w not in matcher_module._STOPWORDS]


def _key(text: str) -> str:
    return phrase_key(_words(text))


def _fits(row: Row, product_id: str | None) -> bool:
    return product_id in row["consistent_ids"]  # type: ignore[operator]


def _counts(hits: dict[tuple[int, str], bool]) -> str:
    return " ".join(f"{sum(v for (_, c), v in hits.items() if c == channel):>3}" for channel in CHANNELS)


def main() -> None:
    catalog = load_instacart(SHARED / "catalog" / "instacart")
    rows: list[Row] = [json.loads(line) for line in QUERIES.open()]
    rows = [r for r in rows if r["channel"] in CHANNELS]
    print("consistent@1 per channel:", " | ".join(CHANNELS))

    def run() -> dict[tuple[int, str], bool]:
        hits = {}
        for n, row in enumerate(rows):
            best = catalog.match(str(row["heard_text"])).best
            hits[(n, str(row["channel"]))] = _fits(row, best.product.id if best else None)
        return hits

    base = run()
    print(f"1. as it is                      {_counts(base)}")

    products = list(catalog)
    ids, keys = [p.id for p in products], [_key(p.name) for p in products]
    top: list[tuple[str | None, float, str, str | None, float]] = []  # ours, score, phrase key, sound's, ratio
    for row in rows:
        result = catalog.match(str(row["heard_text"]))
        phrase = _key(result.query or "")
        found = process.extractOne(phrase, keys, scorer=fuzz.ratio) if phrase else None
        ours = result.best
        top.append(
            (ours.product.id if ours else None, ours.score if ours else 0.0, phrase,
             ids[found[2]] if found else None, found[1] if found else 0.0)
        )  # fmt: skip
    alone = {(n, str(r["channel"])): _fits(r, top[n][3]) for n, r in enumerate(rows)}
    only = {k: v and not base[k] for k, v in alone.items()}
    print(f"2. sound alone                   {_counts(alone)}")
    print(f"   found only by sound           {_counts(only)}")

    print("3. sound as a fallback: below/margin/least ratio -> gains-losses per channel")
    for below in (40, 55, 70):
        for margin in (5, 10, 20):
            for least in (70, 80, 85):
                gains = dict.fromkeys(CHANNELS, 0)
                losses = dict.fromkeys(CHANNELS, 0)
                for n, row in enumerate(rows):
                    ours, score, phrase, sound, ratio = top[n]
                    if score >= below or sound is None or ratio < least or sound == ours:
                        continue
                    first = catalog.get(ours) if ours else None
                    if ratio < (fuzz.ratio(phrase, _key(first.name)) if first else 0.0) + margin:
                        continue
                    channel = str(row["channel"])
                    gains[channel] += _fits(row, sound) and not _fits(row, ours)
                    losses[channel] += _fits(row, ours) and not _fits(row, sound)
                moved = " ".join(f"+{gains[c]}-{losses[c]}" for c in CHANNELS)
                print(f"   {below:>3} {margin:>3} {least:>3}                  {moved}")

    print("4. one weight scaled")
    original = {name: getattr(matcher_module, name) for name in WEIGHTS}
    for name in WEIGHTS:
        for factor in (0.5, 1.5, 2.5):
            setattr(matcher_module, name, original[name] * factor)
            print(f"   {name:<18} x{factor:<4}        {_counts(run())}")
            setattr(matcher_module, name, original[name])

    print("5. leftover-sound tie-break: window (points), weight")
    ranked = [(row, catalog.match(str(row["heard_text"]), limit=10)) for row in rows]
    for window in (1.0, 5.0):
        for weight in (0.02, 0.04):
            hits = {}
            for n, (row, result) in enumerate(ranked):
                first = result.candidates[0].score if result.candidates else 0.0
                query = result.query or ""
                scored = [
                    (c.score + (weight * _leftover_sound(query, c.product.name) if first - c.score <= window else 0.0),
                     c.product.id)
                    for c in result.candidates
                ]  # fmt: skip
                pick = max(scored)[1] if scored else None
                hits[(n, str(row["channel"]))] = _fits(row, pick)
            print(f"   {window:>4} {weight:<5}                  {_counts(hits)}")


def _leftover_sound(phrase: str, name: str) -> float:
    """How alike the heard words a name lacks sound to the name's words not heard (0-100)."""
    heard = [w for w in _words(phrase) if w not in matcher_module._COMMAND_WORDS]
    said = _words(name)
    heard_set, said_set = {singular(w) for w in heard}, {singular(w) for w in said}
    extra = [w for w in heard if singular(w) not in said_set]
    missing = [w for w in said if singular(w) not in heard_set]
    if not extra or not missing:
        return 0.0
    return fuzz.ratio(phrase_key(extra), phrase_key(missing))


if __name__ == "__main__":
    main()
