"""A learned noisy-channel (phone confusion) model for the noisy channels, cross-validated by request.

Run as ``.venv/bin/python bench/bench_channel_model.py [--folds N] [--only TEXT]`` (2 folds by default,
about 3 minutes; the table below is 5 folds, about 7; one core; ``--only`` runs the variants whose label
holds TEXT). Reads ../shared (never
copied). Prints, per scored channel, consistent@1 (count of 300 rows) and top-1 on single-product rows
(%), on held-out folds only, for the current matcher and for each variant; then what the learned
alignment costs per query. ``--write`` instead learns the model from every dev row of the four noisy
channels and writes the matcher's copy, ``catalog/data/phone_model.json`` (about 2 seconds).

The idea: instead of hand-set coarse phone classes, learn from the dev rows what the recognisers do to
sounds. ``spoken_text`` and ``heard_text`` of each row become CMU phones (stress dropped; a two-word split
or a few letter rules for words the dictionary lacks) and are aligned (Viterbi, three rounds of hard EM);
the counts give P(heard phone | spoken phone), deletions and insertions, smoothed toward the background
(a Dirichlet prior). A candidate is then scored by a Smith-Waterman *local* alignment of the heard
phrase's phones with its name's phones, each step scored log P(heard | spoken) / P(heard) (a log-odds
matrix, as BLOSUM is for proteins): the shopper may say any part of the name, and the carrier words
around it cost nothing. The model is about 1,600 numbers (40 phones squared plus gaps).

Cross-validation: requests (``utt_id``) are split into folds; the model is learned on the other folds'
rows of the four noisy scored channels (festival ps_catalog / ps_default, espeak m150 / f185 ps_catalog;
``espeak`` variants: the two espeak channels only), the weight (and gate) are those with the best c@1 on
the other folds' rows of all five channels, and only the held-out fold's rows are scored; figures are
summed over folds, so every row is scored once, held out. The matcher itself was tuned on all these
rows, so its own figures are in-sample: the comparison favours it.

Every variant reranks the matcher's own candidates (the match's first, then its other candidates and the
rest of the word-level pool of ``_RESCORE`` entries, none scored above the first) by the matcher's score
plus ``weight * feature``; ``first N`` looks at the first N only, ``gated`` only when the first scores
below a (fitted) gate, ``guarded`` not when the first holds every content word heard
(:meth:`catalog.matcher.Matcher.holding`). Controls: the same alignment with +1 / -1 scores, on full
phones and on the hand-set classes of :mod:`catalog.phonetics`. Also tried: the alignment score over the
name's own (share of the name heard); only the words one side lacks (shorter, hence faster); heard words
that stood mostly for carrier words in the training alignments ("topping" for "shopping") dropped first;
and C-speed stand-ins, rapidfuzz ``partial_ratio`` / ``LCSseq`` on one letter per phone class (hand-set,
or learned: phones merged when their symmetric log-odds exceed a threshold).

Results (2026-11-23, 5 folds; c@1 of 300 / top-1 %; text, slt/cat, slt/def, m150/cat, f185/cat):

    matcher as it is                    300 100.0  276 96.8  186 67.7  145 56.5  106 41.1
    uniform SW, phones                  300 100.0  275 96.8  194 67.7  149 57.3  112 43.5
    uniform SW, coarse classes          300 100.0  279 96.8  197 71.8  150 57.3  113 44.4
    learned SW                          298  98.4  278 96.8  203 71.8  155 59.7  115 45.2
    learned SW, guarded                 300 100.0  277 96.8  200 71.8  155 59.7  115 45.2
    learned SW, first 10, guarded       300 100.0  279 97.6  197 71.0  155 59.7  114 44.4
    learned SW, first 5, guarded        300 100.0  279 97.6  196 70.2  152 58.9  114 44.4
    constant gaps (mean), first 10, g.  300 100.0  279 97.6  197 71.0  156 59.7  114 44.4
    constant gaps (by CV), first 10, g. 300 100.0  279 97.6  195 69.4  158 62.1  116 45.2
    learned SW, first 3                 298  98.4  278 96.8  195 70.2  149 58.1  113 44.4
    learned SW, espeak only             299  99.2  276 96.8  198 69.4  155 60.5  117 46.0
    learned SW of the leftover words    295  96.8  277 96.0  199 69.4  147 57.3  107 41.1
    best C-speed stand-in (LCS, keys)   300 100.0  277 96.8  193 68.5  149 58.9  108 41.9

(2 folds agree within a row: learned SW, guarded 300 / 278 / 199 / 155 / 114.) The learned model is
what helps: on m150 it gains 10 rows where untrained phone alignment gains 4-5, and it is the only
variant near the issue's m150 target (155 = 51.7% c@1, 59.7% top-1); f185 stays far (115 = 38.3%).
Guarding the first that holds every word heard removes its text losses. Dropping learned carrier words
changes nothing; normalising by the name loses; the C-speed stand-ins gain at most 4-5 rows on m150 and
little elsewhere.

Constant gaps (2026-11-25): Biopython's C local aligner (``Bio.Align.PairwiseAligner``, one deletion and
one insertion score) under the learned substitutions, the deletion score the mean of the learned ones
(the learned insertion score is one for every phone already), keeps every gain of the per-phone gaps
(weight 1.5 in all five folds); choosing the deletion score among the mean, -1.5, -2, -3 and -3.5 on the
training folds picks -1.5 every time, 2 rows more on each espeak channel and 2 fewer on slt/def: not
worth a tuned constant. It costs a median 33 us per query for the first 10 (p99 77 us; the names
encoded beforehand), against 0.53 ms in pure Python. The variants start from the matcher with its own
reranking off, as it was when the table above was made.

In the matcher since 2026-11-24 (:meth:`catalog.matcher.Matcher._prefer_sound`): "learned SW, first 10,
guarded", weight 2 (the folds chose 1.5, 1.5, 2, 2, 2), the model learned from every noisy dev row
(``--write``), the alignment vectorised over the candidates with numpy (:mod:`catalog.channel`; this
script keeps the pure-Python reference, ``catalog.channel.local_scores``). Before that it was left out
for latency: the pure-Python alignment of about 17 heard by 21 name phones per candidate took a median
0.25 / 0.40 / 0.74 ms per query for the first 3 / 5 / 10 candidates (p90 0.71 / 1.1 / 2.1 ms; load
2.3-2.7) and would run on almost half the rows (974 of 1,500 have a first below 80). The cheap forms
(first 3, leftover words, rapidfuzz stand-ins) gain at most 4-5 rows on m150, with text losses or little
elsewhere, and not steadily across fold counts.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:  # allow running as a plain script from anywhere
    sys.path.insert(0, str(REPO))

from Bio.Align import PairwiseAligner, substitution_matrices  # noqa: E402
from rapidfuzz import fuzz  # noqa: E402
from rapidfuzz.distance import Indel, LCSseq  # noqa: E402

from catalog import load_instacart  # noqa: E402
from catalog.channel import local_scores  # noqa: E402
from catalog.normalise import fold, said_readings  # noqa: E402
from catalog.phonetics import _PHONE_CLASS, phrase_key, word_phones  # noqa: E402
from catalog.phonetics import phrase_phones as phones  # noqa: E402

SHARED = REPO / ".." / "shared"
QUERIES = SHARED / "data" / "spoken-queries-dev" / "queries.jsonl"
CHANNELS = (
    "text",
    "festival_slt/ps_catalog",
    "festival_slt/ps_default",
    "espeak_us_m150/ps_catalog",
    "espeak_us_f185/ps_catalog",
)
NOISY = CHANNELS[1:]
ESPEAK = CHANNELS[3:]
POOL = 36  # the matcher's rescored pool (``_RESCORE``)
WEIGHTS = (0.0, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 5.0)
DEL = "-"  # the empty phone, in alignments

Row = dict[str, object]
Model = dict[tuple[str, str], float]  # (spoken, heard) -> score; DEL on one side for a gap

def text_words(text: str) -> list[str]:
    return fold(text).replace("'", "").split()


# ------------------------------------------------------------------------------------ learning
def _align(spoken: Sequence[str], heard: Sequence[str], cost: Callable[[str, str], float]) -> list[tuple[str, str]]:
    """Viterbi global alignment: (spoken phone or DEL, heard phone or DEL) pairs."""
    n, m = len(spoken), len(heard)
    inf = float("inf")
    d = [[inf] * (m + 1) for _ in range(n + 1)]
    back = [[0] * (m + 1) for _ in range(n + 1)]
    d[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            if i == 0 and j == 0:
                continue
            best, how = inf, 0
            if i and j:
                best, how = d[i - 1][j - 1] + cost(spoken[i - 1], heard[j - 1]), 1
            if i and d[i - 1][j] + cost(spoken[i - 1], DEL) < best:
                best, how = d[i - 1][j] + cost(spoken[i - 1], DEL), 2
            if j and d[i][j - 1] + cost(DEL, heard[j - 1]) < best:
                best, how = d[i][j - 1] + cost(DEL, heard[j - 1]), 3
            d[i][j], back[i][j] = best, how
    pairs: list[tuple[str, str]] = []
    i, j = n, m
    while i or j:
        how = back[i][j]
        if how == 1:
            pairs.append((spoken[i - 1], heard[j - 1]))
            i, j = i - 1, j - 1
        elif how == 2:
            pairs.append((spoken[i - 1], DEL))
            i -= 1
        else:
            pairs.append((DEL, heard[j - 1]))
            j -= 1
    return pairs[::-1]


def learn(pairs_of: list[tuple[tuple[str, ...], tuple[str, ...]]], rounds: int = 3) -> tuple[Model, dict[str, float]]:
    """Hard-EM confusion model from (spoken phones, heard phones) pairs.

    Returns the log-odds local-alignment scores ``(spoken, heard) -> log P(heard | spoken) / P(heard)``
    (gaps: ``(s, DEL)`` = log P(deleted | s), ``(DEL, h)`` = log P(an inserted phone)), and the costs
    -log P used for the alignment itself.
    """
    costs: dict[tuple[str, str], float] = {}

    def cost(s: str, h: str) -> float:
        found = costs.get((s, h))
        if found is not None:
            return found
        return 0.0 if s == h and not costs else (8.0 if costs else 1.0)

    counts: Counter[tuple[str, str]] = Counter()
    for _ in range(rounds):
        counts = Counter()
        for spoken, heard in pairs_of:
            counts.update(_align(spoken, heard, cost))
        costs = _costs(counts)
    background = _background(counts)
    scores: Model = {}
    for (s, h), c in costs.items():
        if s == DEL:
            continue
        if h == DEL:
            scores[(s, DEL)] = -c
        else:
            scores[(s, h)] = -c - math.log(background.get(h, 1e-3))
    # An inserted heard phone: how often the spoken side was empty.
    inserted = sum(c for (s, _), c in counts.items() if s == DEL) / max(1, sum(counts.values()))
    for h in background:
        scores[(DEL, h)] = math.log(max(inserted, 1e-3))
    return scores, background


_PRIOR = 5.0  # Dirichlet prior strength: P(h | s) = (count(s, h) + _PRIOR * P(h)) / (count(s) + _PRIOR)


def _background(counts: Counter[tuple[str, str]]) -> dict[str, float]:
    """How often each phone (or DEL) is heard, over all alignments."""
    heard: Counter[str] = Counter()
    for (_, h), c in counts.items():
        heard[h] += c
    total = sum(heard.values())
    return {h: (c + 0.5) / (total + 0.5 * len(heard)) for h, c in heard.items()}


def _costs(counts: Counter[tuple[str, str]]) -> dict[tuple[str, str], float]:
    """-log P(heard | spoken), smoothed toward the background (a Dirichlet prior)."""
    background = _background(counts)
    by_spoken: dict[str, Counter[str]] = defaultdict(Counter)
    for (s, h), c in counts.items():
        by_spoken[s][h] += c
    costs: dict[tuple[str, str], float] = {}
    for s, row in by_spoken.items():
        total = sum(row.values()) + _PRIOR
        for h, bg in background.items():
            costs[(s, h)] = -math.log((row.get(h, 0) + _PRIOR * bg) / total)
    return costs


def learned_classes(model: Model, inventory: Iterable[str], threshold: float) -> dict[str, str]:
    """One letter per class of phones: those whose symmetric log-odds exceeds ``threshold`` are merged."""
    phones_ = sorted(set(inventory))
    parent = {p: p for p in phones_}

    def root(p: str) -> str:
        while parent[p] != p:
            p = parent[p]
        return p

    for a in phones_:
        for b in phones_:
            if a < b and (model.get((a, b), -9.0) + model.get((b, a), -9.0)) / 2 > threshold:
                parent[root(a)] = root(b)
    roots = sorted({root(p) for p in phones_})
    letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    return {p: letters[roots.index(root(p))] for p in phones_}


def coarse_model(inventory: Iterable[str]) -> Model:
    """+1 for phones of one hand-set coarse class (:mod:`catalog.phonetics`), -1 otherwise and for gaps."""
    phones_ = sorted(set(inventory))
    klass = {p: _PHONE_CLASS.get(p, p) or p for p in phones_}
    scores: Model = {(s, h): (1.0 if klass[s] == klass[h] else -1.0) for s in phones_ for h in phones_}
    for p in phones_:
        scores[(p, DEL)] = scores[(DEL, p)] = -1.0
    return scores


def uniform_model(inventory: Iterable[str]) -> Model:
    phones_ = sorted(set(inventory))
    scores: Model = {(s, h): (1.0 if s == h else -1.0) for s in phones_ for h in phones_}
    for p in phones_:
        scores[(p, DEL)] = scores[(DEL, p)] = -1.0
    return scores


def constant_gap_aligner(
    model: Model, deletion: float | None = None
) -> tuple[PairwiseAligner, Callable[[Sequence[str]], str]]:
    """Biopython's C Smith-Waterman under the model's substitutions, with one deletion and one insertion score.

    ``deletion`` (a name phone not heard) defaults to the mean of the model's; the insertion score (a heard
    phone extra) is the model's, the same for every phone already. Returns the aligner, which scores
    ``aligner.score(encode(name), encode(heard))``, and ``encode``: one letter per phone (the phones the model
    lacks share one, scoring -4 with any).
    """
    inventory = sorted({p for pair in model for p in pair} - {DEL})
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"[: len(inventory) + 1]
    code = dict(zip(inventory, letters, strict=False))
    unknown = letters[-1]
    matrix = substitution_matrices.Array(alphabet=letters, dims=2)
    matrix[:, :] = -4.0
    for (s, h), value in model.items():
        if DEL not in (s, h):
            matrix[code[s], code[h]] = value
    aligner = PairwiseAligner(mode="local", substitution_matrix=matrix)
    deleted = [model.get((s, DEL), -2.0) for s in inventory]
    inserted = [model.get((DEL, h), -2.0) for h in inventory]
    aligner.deletion_score = sum(deleted) / len(deleted) if deletion is None else deletion
    aligner.insertion_score = sum(inserted) / len(inserted)
    return aligner, lambda phones_: "".join(code.get(p, unknown) for p in phones_)


def local_score(heard: Sequence[str], name: Sequence[str], model: Model) -> float:
    """Smith-Waterman: the best-scoring alignment of any part of ``name`` with any part of ``heard``."""
    return local_scores(heard, [name], model)[0]


# ------------------------------------------------------------------------------------- carrier words
_CARRIER = frozenset(
    ("i", "want", "to", "buy", "order", "add", "get", "me", "some", "put", "on", "my", "shopping", "list", "cart",
     "please", "could", "you", "can", "would", "like", "the", "a", "of", "need")
)  # fmt: skip


def carrier_words(rows: Iterable[Row], least: int = 3, share: float = 0.8) -> frozenset[str]:
    """Heard words that, aligned word by word with what was said, stood mostly for carrier words."""
    counts: Counter[str] = Counter()
    carrier: Counter[str] = Counter()
    for row in rows:
        spoken, heard = text_words(str(row["spoken_text"])), text_words(str(row["heard_text"]))

        def cost(s: str, h: str) -> float:
            if DEL in (s, h):
                return 1.0
            return 0.0 if s == h else 1.0 - _ratio(word_phones(s), word_phones(h))

        for s, h in _align(spoken, heard, cost):
            if h != DEL:
                counts[h] += 1
                carrier[h] += s in _CARRIER
    return frozenset(w for w, c in counts.items() if c >= least and carrier[w] / c >= share and w not in _CARRIER)


def _ratio(a: Sequence[str], b: Sequence[str]) -> float:
    return Indel.normalized_similarity(list(a), list(b))


# ------------------------------------------------------------------------------------------ scoring
def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=2)
    parser.add_argument("--only", default="", help="run only the variants whose label holds this text")
    parser.add_argument("--write", action="store_true", help=f"learn from every noisy row, write {MODEL_FILE.name}")
    args = parser.parse_args()
    if args.write:
        write_model()
        return

    catalog = load_instacart(SHARED / "catalog" / "instacart")
    matcher = catalog.build_index()
    matcher._phone_model = None  # the matcher before its own phone-model reranking: what every variant starts from
    products = matcher.products
    all_rows: list[Row] = [json.loads(line) for line in QUERIES.open()]
    rows = [r for r in all_rows if r["channel"] in CHANNELS]
    utts = sorted({str(r["utt_id"]) for r in rows})
    fold_of = {u: k % args.folds for k, u in enumerate(utts)}

    # The matcher's candidates per row: the match's own, then the rest of its word-level pool.
    pools: list[list[tuple[int, float]]] = []
    index_of = {p.id: i for i, p in enumerate(products)}
    for row in rows:
        heard = str(row["heard_text"])
        best = catalog.match(heard).best  # the official first (a deeper match may rank otherwise)
        result = catalog.match(heard, limit=POOL)
        pool = [(index_of[best.product.id], best.score)] if best else []
        pool += [
            (index_of[c.product.id], c.score)
            for c in result.candidates
            if best is None or c.product is not best.product
        ]
        phrase = said_readings(heard)[0][1]
        seen = {i for i, _ in pool}
        pool += [(i, s) for i, s in matcher.rank(phrase, limit=POOL) if i not in seen]
        # The first stays first at weight 0: no other scores above it.
        pools.append([(i, s if k == 0 else min(s, pool[0][1])) for k, (i, s) in enumerate(pool)])
    holds_all = [
        bool(pool) and products[pool[0][0]] in set(matcher.holding(str(row["heard_text"])))
        for row, pool in zip(rows, pools, strict=True)
    ]
    name_phones = {i: phones(text_words(products[i].name)) for pool in pools for i, _ in pool}
    name_key_words = {i: matcher._keys[matcher._entries_of[i][0]].split() for i in name_phones}
    name_keys = {i: phrase_key(matcher._keys[matcher._entries_of[i][0]].split()) for i in name_phones}

    def heard_phones(row: Row, drop: frozenset[str] = frozenset()) -> tuple[str, ...]:
        phrase = said_readings(str(row["heard_text"]))[0][1]
        return phones(w for w in phrase.split() if w not in drop)

    def hit(row: Row, product: int | None) -> tuple[bool, bool]:
        ids = row["consistent_ids"]
        assert isinstance(ids, list)
        pid = products[product].id if product is not None else None
        return pid in ids, len(ids) == 1 and pid == row["product_id"]

    def pick(pool: list[tuple[int, float]], feature: list[float], weight: float) -> int | None:
        if not pool:
            return None
        return pool[max(range(len(pool)), key=lambda k: (pool[k][1] + weight * feature[k], -k))][0]

    def report(name: str, chosen: list[int | None]) -> None:
        c1: Counter[object] = Counter()
        t1: Counter[object] = Counter()
        single: Counter[object] = Counter()
        for row, product in zip(rows, chosen, strict=True):
            ok, top = hit(row, product)
            c1[row["channel"]] += ok
            t1[row["channel"]] += top
            single[row["channel"]] += len(row["consistent_ids"]) == 1  # type: ignore[arg-type]
        cells = " ".join(f"{c1[c]:>4} {100 * t1[c] / max(1, single[c]):5.1f}" for c in CHANNELS)
        print(f"{name:<34} {cells}")

    header = " ".join(f"{_short(c):>10}" for c in CHANNELS)
    print(f"{args.folds}-fold CV by utt_id; per channel: c@1 count (of 300), top-1 % on single-product rows")
    print(f"{'':<34} {header}")
    base = [pool[0][0] if pool else None for pool in pools]
    report("matcher as it is", base)

    cache: dict[str, list[list[float]]] = {}
    Feature = Callable[[Sequence[str], Sequence[str]], float]  # (heard phones, name phones) -> score

    def features(
        key: str, k: int, train: list[Row], make: Callable[[list[Row]], Feature], drop_carriers: bool
    ) -> list[list[float]]:
        """The feature of every pool candidate of every row, learned without fold ``k``."""
        if getattr(make, "fold_free", False):
            k = -1  # nothing learned: one table serves every fold
        found = cache.get(f"{key}|{k}")
        if found is not None:
            return found
        feature = make(train)
        model = _learn(train) if make in (learned_sw, leftover_sw) or hasattr(make, "deletion") else {}
        drop = carrier_words(train) if drop_carriers else frozenset()
        if hasattr(make, "deletion"):
            aligner, encode = constant_gap_aligner(model, make.deletion)
        table = []
        for row, pool in zip(rows, pools, strict=True):
            if make is key_lcs:
                phrase = said_readings(str(row["heard_text"]))[0][1]
                table.append([feature(phrase_key(phrase.split()), name_keys[i]) for i, _ in pool])
                continue
            heard = heard_phones(row, drop)
            if make is learned_sw:
                table.append(local_scores(heard, [name_phones[i] for i, _ in pool], model))
                continue
            if hasattr(make, "deletion"):
                said = encode(heard)
                table.append([aligner.score(encode(name_phones[i]), said) if said else 0.0 for i, _ in pool])
                continue
            if make is leftover_sw:
                # Only the words one side has and the other lacks: the words both hold are the
                # matcher's business already, and the alignment is much shorter.
                words = said_readings(str(row["heard_text"]))[0][1].split()
                values = []
                for i, _ in pool:
                    name_words = name_key_words[i]
                    extra = phones(w for w in words if w not in name_words)
                    missing = phones(w for w in name_key_words[i] if w not in words)
                    values.append(local_scores(extra, [missing], model)[0] if extra and missing else 0.0)
                table.append(values)
                continue
            table.append([feature(heard, name_phones[i]) for i, _ in pool])
        cache[f"{key}|{k}"] = table
        return table

    def variant(
        name: str,
        train_channels: Sequence[str],
        make: Callable[[list[Row]], Feature],
        *,
        drop_carriers: bool = False,
        depth: int = POOL,
        gated: bool = False,
        guarded: bool = False,
        alternatives: Sequence[Callable[[list[Row]], Feature]] = (),
    ) -> list[int | None]:
        """Rerank the first ``depth`` candidates; ``gated``: only when the first's score is below a gate;
        ``guarded``: not when the first holds every content word heard (:meth:`Matcher.holding`).

        The weight (and gate, and feature among ``make`` and its ``alternatives``) are those giving the best
        c@1 on the training folds' rows, all channels.
        """
        if args.only not in name:
            return []
        makes = (make, *alternatives)
        chosen: list[int | None] = [None] * len(rows)
        used = []
        gates = GATES if gated else (math.inf,)
        for k in range(args.folds):
            train = [r for r in rows if fold_of[str(r["utt_id"])] != k and r["channel"] in train_channels]
            tables = [
                features(f"{m.__name__}|{','.join(train_channels)}|{drop_carriers}", k, train, m, drop_carriers)
                for m in makes
            ]

            def choose(n: int, t: int, w: float, gate: float, tables: list[list[list[float]]] = tables) -> int | None:
                pool = pools[n]
                if not pool or pool[0][1] >= gate or (guarded and holds_all[n]):
                    return pool[0][0] if pool else None
                return pick(pool[:depth], tables[t][n][:depth], w)

            in_train = [n for n, r in enumerate(rows) if fold_of[str(r["utt_id"])] != k]
            t, w, gate = max(
                ((t, w, g) for t in range(len(makes)) for w in WEIGHTS for g in gates),
                key=lambda twg: (sum(hit(rows[n], choose(n, *twg))[0] for n in in_train), -twg[1], -twg[2], -twg[0]),
            )
            used.append(
                (f"{makes[t].__name__}:" if alternatives else "") + f"{w:g}" + (f"<{gate:g}" if gated else "")
            )
            for n, r in enumerate(rows):
                if fold_of[str(r["utt_id"])] == k:
                    chosen[n] = choose(n, t, w, gate)
        report(f"{name} [{' '.join(used)}]", chosen)
        return chosen

    inventory = {p for ps in name_phones.values() for p in ps} | {
        p for r in rows for p in phones(text_words(str(r["heard_text"])))
    }

    def _learn(train: list[Row]) -> Model:
        pairs = [(phones(text_words(str(r["spoken_text"]))), phones(text_words(str(r["heard_text"])))) for r in train]
        return learn(pairs)[0]

    def learned_sw(train: list[Row]) -> Feature:
        model = _learn(train)
        return lambda heard, name: local_score(heard, name, model)

    def leftover_sw(train: list[Row]) -> Feature:  # scored in features(): needs the words
        return learned_sw(train)

    def learned_sw_share(train: list[Row]) -> Feature:
        model = _learn(train)
        return lambda heard, name: 100.0 * local_score(heard, name, model) / max(1e-6, local_score(name, name, model))

    def uniform_sw(_: list[Row]) -> Feature:
        model = uniform_model(inventory)
        return lambda heard, name: local_score(heard, name, model)

    def coarse_sw(_: list[Row]) -> Feature:
        model = coarse_model(inventory)
        return lambda heard, name: local_score(heard, name, model)

    def key_lcs(_: list[Row]) -> Feature:
        # The matcher's own sound keys (catalog.phonetics.phrase_key: runs collapsed, h dropped).
        return lambda heard, name: float(LCSseq.similarity(heard, name))

    def constant_gaps(deletion: float | None) -> Callable[[list[Row]], Feature]:
        """Learned substitutions, one deletion score (default: the mean of the learned), Biopython's C aligner."""

        def make(train: list[Row]) -> Feature:
            aligner, encode = constant_gap_aligner(_learn(train), deletion)
            return lambda heard, name: aligner.score(encode(name), encode(heard)) if heard else 0.0

        make.__name__ = f"del{deletion:g}" if deletion is not None else "delmean"
        make.deletion = deletion  # type: ignore[attr-defined]
        return make

    uniform_sw.fold_free = coarse_sw.fold_free = key_lcs.fold_free = True  # type: ignore[attr-defined]

    def coarse_partial(_: list[Row]) -> Feature:
        code = {p: _PHONE_CLASS.get(p, p.lower()) or "h" for p in inventory}
        return lambda heard, name: fuzz.partial_ratio("".join(code[p] for p in name), "".join(code[p] for p in heard))

    def coded(
        name_: str, measure: Callable[[str, str], float], learned_threshold: float | None
    ) -> Callable[[list[Row]], Feature]:
        """A C-speed rapidfuzz measure on one letter per phone class: hand-set, or learned (merge threshold)."""

        def make(train: list[Row]) -> Feature:
            if learned_threshold is None:
                code = {p: _PHONE_CLASS.get(p, p.lower()) or "h" for p in inventory}
            else:
                code = learned_classes(_learn(train), inventory, learned_threshold)
            return lambda heard, name: measure("".join(code[p] for p in heard), "".join(code[p] for p in name))

        make.__name__ = f"{name_}_{learned_threshold}"
        make.fold_free = learned_threshold is None  # type: ignore[attr-defined]
        return make

    def partial(heard: str, name: str) -> float:
        return fuzz.partial_ratio(heard, name)

    def lcs(heard: str, name: str) -> float:
        return float(LCSseq.similarity(heard, name))

    def lcs_net(heard: str, name: str) -> float:
        # Phones in common, less the name's phones not heard (long names gain nothing by length).
        common = LCSseq.similarity(heard, name)
        return float(2 * common - len(name))

    print("controls (nothing learned but the weight):")
    variant("uniform SW, phones", NOISY, uniform_sw)
    variant("uniform SW, coarse classes", NOISY, coarse_sw)
    print("learned from the four noisy channels:")
    variant("learned SW", NOISY, learned_sw)
    variant("learned SW, first 10", NOISY, learned_sw, depth=10)
    variant("learned SW, first 5", NOISY, learned_sw, depth=5)
    variant("learned SW, first 3", NOISY, learned_sw, depth=3)
    variant("learned SW, gated", NOISY, learned_sw, gated=True)
    variant("learned SW, first 5, gated", NOISY, learned_sw, depth=5, gated=True)
    variant("learned SW, guarded", NOISY, learned_sw, guarded=True)
    variant("learned SW, first 10, guarded", NOISY, learned_sw, depth=10, guarded=True)
    variant("learned SW, first 5, guarded", NOISY, learned_sw, depth=5, guarded=True)
    variant("constant gaps (mean), first 10, guarded", NOISY, constant_gaps(None), depth=10, guarded=True)
    variant(
        "constant gaps (by CV), first 10, guarded",
        NOISY,
        constant_gaps(None),
        depth=10,
        guarded=True,
        alternatives=[constant_gaps(d) for d in (-1.5, -2.0, -3.0, -3.5)],
    )
    variant("learned SW / name's own", NOISY, learned_sw_share)
    variant("learned SW of the leftover words", NOISY, leftover_sw)
    variant("learned SW of the leftover words, first 10", NOISY, leftover_sw, depth=10)
    variant("learned SW of the leftover words, guarded", NOISY, leftover_sw, guarded=True)
    variant("carrier words dropped, learned SW", NOISY, learned_sw, drop_carriers=True)
    print("learned from the two espeak channels only:")
    variant("learned SW, espeak", ESPEAK, learned_sw)
    variant("learned SW, espeak, gated", ESPEAK, learned_sw, gated=True)
    print("cost of the learned SW alone per query, rows whose first scores below 80 (pure Python; the matcher's")
    print("p99 is 1.66 ms of a 2 ms budget):")
    model = _learn([r for r in rows if r["channel"] in NOISY])
    slow = [
        (heard_phones(row), [name_phones[i] for i, _ in pool])
        for row, pool in zip(rows, pools, strict=True)
        if pool and pool[0][1] < 80
    ]
    for depth in (3, 5, 10, POOL):
        times = []
        for heard_at, names in slow:
            start = time.perf_counter()
            local_scores(heard_at, names[:depth], model)
            times.append(1e6 * (time.perf_counter() - start))
        times.sort()
        median, p90, p99 = (times[int(q * len(times))] for q in (0.5, 0.9, 0.99))
        print(f"   first {depth:>2}: median {median:6.0f} us, p90 {p90:6.0f} us, p99 {p99:6.0f} us ({len(times)} rows)")
    print("the same with constant gaps in Biopython's C aligner (names encoded beforehand, as the matcher does):")
    aligner, encode = constant_gap_aligner(model)
    coded_slow = [(encode(heard_at), [encode(name) for name in names]) for heard_at, names in slow]
    for depth in (10, POOL):
        times = []
        for heard_code, names_code in coded_slow:
            start = time.perf_counter()
            [aligner.score(name, heard_code) for name in names_code[:depth]]
            times.append(1e6 * (time.perf_counter() - start))
        times.sort()
        median, p90, p99 = (times[int(q * len(times))] for q in (0.5, 0.9, 0.99))
        print(f"   first {depth:>2}: median {median:6.0f} us, p90 {p90:6.0f} us, p99 {p99:6.0f} us ({len(times)} rows)")
    print("C-speed stand-ins (rapidfuzz on one letter per phone class; classes hand-set or learned):")
    variant("LCS, the matcher's sound keys", NOISY, key_lcs)
    for label, measure in (("partial_ratio", partial), ("LCS", lcs), ("2 LCS - name", lcs_net)):
        variant(f"{label}, coarse classes", NOISY, coded(label, measure, None))
        for threshold in (0.0, 0.4):
            variant(f"{label}, learned classes >{threshold}", NOISY, coded(label, measure, threshold))


GATES = (math.inf, 90.0, 80.0, 70.0, 60.0, 50.0)
MODEL_FILE = REPO / "catalog" / "data" / "phone_model.json"


def write_model() -> None:
    """Learn the model from every dev row of the four noisy channels and write the matcher's copy."""
    rows = [row for line in QUERIES.open() if (row := json.loads(line))["channel"] in NOISY]
    pairs = [(phones(text_words(str(r["spoken_text"]))), phones(text_words(str(r["heard_text"])))) for r in rows]
    about = (
        f"Phone confusion log-odds learned by bench/bench_channel_model.py --write (hard EM, {len(rows)} dev rows of "
        f"{', '.join(NOISY)}); substitution[spoken][heard], deletion[spoken], insertion[heard]."
    )
    scores = learn(pairs)[0]
    inventory = sorted({p for pair in scores for p in pair} - {DEL})
    data = {
        "about": about,
        "phones": inventory,
        "substitution": [[round(scores.get((s, h), -4.0), 4) for h in inventory] for s in inventory],
        "deletion": [round(scores.get((s, DEL), -2.0), 4) for s in inventory],
        "insertion": [round(scores.get((DEL, h), -2.0), 4) for h in inventory],
    }
    MODEL_FILE.write_text(json.dumps(data, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {MODEL_FILE.relative_to(REPO)}: {len(data['phones'])} phones, {MODEL_FILE.stat().st_size} bytes")


def _short(channel: str) -> str:
    voice, _, model = channel.partition("/")
    return voice.split("_")[-1][:4] + ("/" + model[3:6] if model else "")


if __name__ == "__main__":
    main()
