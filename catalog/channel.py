"""What the recogniser does to sounds: a learned phone-confusion model, and local alignment under it.

A speech recogniser replaces what was said with what sounds alike to *it*: the noisy channels of the
development data turn "tide pods" into "tied pots", "seitan" into "say add ten". :class:`PhoneModel`
holds, for each pair of ARPAbet phones, the log-odds that one is heard when the other was said
(``log P(heard | spoken) / P(heard)``, as BLOSUM is for proteins), and what dropping a spoken phone or
hearing an extra one scores. A product name is then scored against a heard phrase by a Smith-Waterman
*local* alignment of their phones (:func:`catalog.phonetics.phrase_phones`): the shopper may say any
part of the name, and the carrier words around it cost nothing. The alignment runs in C, Biopython's
pairwise aligner, which takes one score per kind of gap: the model's gap scores are the means of the
learned ones (cross-validated in ``bench/bench_channel_model.py``, "constant gaps"); the pure-Python
:func:`local_scores` is the reference.

The packaged model, ``catalog/data/phone_model.json`` (about 1,700 numbers), was learned by hard EM
(Viterbi alignments of ``spoken_text`` with ``heard_text``, three rounds, counts smoothed toward the
background) from every development row of the four noisy scored channels of the spoken-queries data
set; ``bench/bench_channel_model.py --write`` regenerates it from ../shared.

Biopython (and numpy under it, about 125 ms) is imported when a :class:`PhoneModel` is constructed, not
with this module: ``import catalog`` stays cheap for the functions that never match heard text.
"""

from __future__ import annotations

import json
import math
from array import array
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path

__all__ = ["GAP", "PhoneModel", "local_scores", "packaged_model"]

#: The empty phone: ``(spoken, GAP)`` scores a spoken phone not heard, ``(GAP, heard)`` a phone heard extra.
GAP = "-"
#: Scores of the pairs a model lacks (phones it never saw).
MISSING_SUBSTITUTION = -4.0
MISSING_GAP = -2.0

#: ``(spoken phone, heard phone) -> score``; :data:`GAP` on one side for a gap.
Scores = Mapping[tuple[str, str], float]

_PACKAGED = Path(__file__).parent / "data" / "phone_model.json"


def local_scores(heard: Sequence[str], names: Sequence[Sequence[str]], scores: Scores) -> list[float]:
    """Smith-Waterman scores of names against a heard phrase, in pure Python (the reference).

    Parameters
    ----------
    heard
        The heard phrase's phones.
    names
        Each name's phones.
    scores
        The model's scores; pairs it lacks score :data:`MISSING_SUBSTITUTION` / :data:`MISSING_GAP`.

    Returns
    -------
    list[float]
        Per name, the best score of an alignment of any part of it with any part of ``heard`` (0 at least).

    Examples
    --------
    >>> same = {("A", "A"): 1.0, ("B", "B"): 1.0}
    >>> local_scores(["X", "A", "B"], [["A", "B", "C"], ["C"]], same)
    [2.0, 0.0]
    """
    m = len(heard)
    gap_h = [scores.get((GAP, h), MISSING_GAP) for h in heard]
    subs: dict[str, list[float]] = {}
    out = []
    for name in names:
        best = 0.0
        prev = [0.0] * (m + 1)
        for s in name:
            sub = subs.get(s)
            if sub is None:
                sub = subs[s] = [scores.get((s, h), MISSING_SUBSTITUTION) for h in heard]
            gap_s = scores.get((s, GAP), MISSING_GAP)
            row = [0.0] * (m + 1)
            left = 0.0
            for j in range(m):
                v = max(prev[j] + sub[j], prev[j + 1] + gap_s, left + gap_h[j])
                if v < 0.0:
                    v = 0.0
                elif v > best:
                    best = v
                row[j + 1] = v
                left = v
            prev = row
        out.append(best)
    return out


class PhoneModel:
    """A phone-confusion model, and :func:`local_scores` under it in C (Biopython's pairwise aligner).

    The aligner takes one score for every gap of a kind, so the model keeps the substitutions as learned
    and replaces the per-phone gap scores by their mean: one for a spoken phone not heard (deletion), one
    for a phone heard extra (insertion; the learned model has one already). Cross-validated in
    ``bench/bench_channel_model.py`` ("constant gaps"), this keeps the gains of the per-phone gaps.

    Parameters
    ----------
    scores
        ``(spoken, heard) -> score`` with :data:`GAP` on one side for gaps (at most 0, as log
        probabilities are); the phones are those it names, and the pairs it lacks score
        :data:`MISSING_SUBSTITUTION` / :data:`MISSING_GAP`.
    deletion, insertion
        Keyword-only. The gap scores; default, the mean over the phones of those ``scores`` gives.

    Raises
    ------
    ValueError
        A gap scores above 0.

    Examples
    --------
    >>> model = PhoneModel({("A", "A"): 1.0, ("B", "B"): 1.0})
    >>> model.local_scores(["X", "A", "B"], [["A", "B", "C"], ["C"]])
    [2.0, 0.0]
    """

    __slots__ = ("_code", "_score", "_scores", "_unknown", "deletion", "insertion", "phones")

    def __init__(self, scores: Scores, *, deletion: float | None = None, insertion: float | None = None) -> None:
        from Bio.Align import PairwiseAligner, substitution_matrices  # not at import (module docstring)

        for pair, value in scores.items():
            if GAP in pair and value > 0.0:
                raise ValueError(f"gap scores are at most 0: {pair} scores {value}")
        self.phones: tuple[str, ...] = tuple(sorted({p for pair in scores for p in pair} - {GAP}))
        self._code = {p: i for i, p in enumerate(self.phones)}
        self._unknown = len(self.phones)  # any phone the model lacks
        if deletion is None:
            deletion = _mean([scores.get((p, GAP), MISSING_GAP) for p in self.phones], MISSING_GAP)
        if insertion is None:
            insertion = _mean([scores.get((GAP, p), MISSING_GAP) for p in self.phones], MISSING_GAP)
        if deletion > 0.0 or insertion > 0.0:
            raise ValueError(f"gap scores are at most 0: deletion {deletion}, insertion {insertion}")
        self.deletion, self.insertion = deletion, insertion
        self._scores = {
            (s, h): scores.get((s, h), MISSING_SUBSTITUTION) for s in self.phones for h in self.phones
        }
        # Phone i is the letter chr(i): the aligner's C code takes a sequence as int32 code points and
        # maps them in place to the alphabet's indices, here the same numbers, so encoded names serve
        # again and again.
        letters = "".join(map(chr, range(self._unknown + 1)))
        matrix = substitution_matrices.Array(alphabet=letters, dims=2)  # type: ignore[no-untyped-call]
        matrix[:, :] = MISSING_SUBSTITUTION
        for (s, h), value in self._scores.items():
            matrix[self._code[s], self._code[h]] = value
        # Target: the name (spoken); query: the heard phrase. A deletion is a name phone aligned with nothing.
        aligner = PairwiseAligner(  # type: ignore[no-untyped-call]
            mode="local", substitution_matrix=matrix, deletion_score=deletion, insertion_score=insertion
        )
        # The C method itself: the Python one spends 2 us per call deciding what kind of sequences it got.
        self._score: Callable[[array[int], array[int], str], float] = super(PairwiseAligner, aligner).score

    @classmethod
    def load(cls, path: Path = _PACKAGED) -> PhoneModel:
        """Read a model written by ``bench/bench_channel_model.py --write`` (default: the packaged one)."""
        data = json.loads(path.read_text(encoding="utf-8"))
        phones: list[str] = data["phones"]
        scores = {
            (s, h): value
            for s, row in zip(phones, data["substitution"], strict=True)
            for h, value in zip(phones, row, strict=True)
        }
        scores.update({(s, GAP): value for s, value in zip(phones, data["deletion"], strict=True)})
        scores.update({(GAP, h): value for h, value in zip(phones, data["insertion"], strict=True)})
        return cls(scores)

    def scores(self) -> dict[tuple[str, str], float]:
        """Every pair of the model's phones (and gaps) with the score it uses, as :func:`local_scores` takes them."""
        pairs = dict(self._scores)
        pairs.update({(s, GAP): self.deletion for s in self.phones})
        pairs.update({(GAP, h): self.insertion for h in self.phones})
        return pairs

    def local_scores(self, heard: Sequence[str], names: Sequence[Sequence[str]]) -> list[float]:
        """:func:`local_scores` under this model (its :meth:`scores`).

        Parameters
        ----------
        heard
            The heard phrase's phones.
        names
            Each name's phones.

        Returns
        -------
        list[float]
            Per name, its best local alignment score (0 at least).
        """
        return self.aligned(self.encode(heard), [self.encode(name) for name in names])

    def encode(self, phones: Iterable[str]) -> array[int]:
        """Phones as :meth:`aligned` takes them: one number each (int32)."""
        code, unknown = self._code, self._unknown
        return array("i", [code.get(p, unknown) for p in phones])

    def aligned(self, heard: array[int], names: Sequence[array[int]]) -> list[float]:
        """:meth:`local_scores` of phones already encoded (:meth:`encode`); cache the names' codes."""
        if not heard:
            return [0.0] * len(names)
        score = self._score
        return [score(name, heard, "+") if name else 0.0 for name in names]


def _mean(values: Sequence[float], empty: float) -> float:
    return math.fsum(values) / len(values) if values else empty


@lru_cache(maxsize=1)
def packaged_model() -> PhoneModel:
    """The model learned from the development data (``catalog/data/phone_model.json``), read once."""
    return PhoneModel.load()
