"""Spoken product matcher: an inverted index narrows the catalog, then several signals rank the few left.

Pipeline for one heard utterance:

1. :func:`catalog.normalise.readings` strips command words and the quantity and normalises the product
   phrase (a bare leading number is also tried as part of the name).
2. Each content word of the phrase is *expanded* against the index vocabulary: itself, near spellings
   (symmetric one-deletion neighbourhood, scored with rapidfuzz ratio), words that sound the same
   (jellyfish metaphone and NYSIIS keys) and words the recogniser split or joined ("tooth powder" /
   "toothpowder", "double would" / "doublewood", via joined-pair keys on both sides). In short
   phrases holding a suspect word (unknown, a number, a letter), two or three adjacent heard words are
   also looked up by their joined *sound* (CMU Pronouncing Dictionary phonemes in a coarse class
   alphabet, :mod:`catalog.phonetics`): "say add ten" sounds like "seitan", "sweet ten" like
   "sweetened".
3. Token postings accumulate, per index entry (a product name or synonym), the IDF-weighted share of
   the heard words the name holds. Rare words go first; common words admit only their first (shortest)
   names and credit the rest through set intersections; names holding every heard word are always
   admitted.
4. The best few dozen are rescored: query coverage, name coverage, a rapidfuzz scorer on the
   normalised strings, a rapidfuzz ratio on their metaphone spellings, popularity, and the shopper's
   history (frequency with recency decay) which lifts their usual product among equal fits.
5. When the words explain little (a low best score), the phrase is also compared letter by letter with
   names, spaces removed, because recognisers move word boundaries ("held fashion" for "old
   fashioned"): candidates come from an index of four-letter pieces, and a name spelt clearly more like
   the phrase goes first, as a suggestion.
6. Among near-equal candidates, those whose packs fit the count said go first: "a 12 pack of" a
   12-pack, "half a dozen" of a 6-count, "six bottles of" water sold in bottles (see
   :meth:`catalog.Product.pack_fit`).
7. Unless the first holds every content word heard, the first ten are reranked by how their names
   *sound* like the phrase: the matcher's score plus a weight times a local alignment score of the
   phrase's phones with the name's under a phone-confusion model learned from the recognisers' errors
   (:mod:`catalog.channel`); the one put first keeps the first's score.
8. The ranking becomes a typed :class:`catalog.MatchResult`. ``MATCHED`` and ``AMBIGUOUS`` need a good
   score *and* evidence: the first product must hold at least half of the phrase's weight as words said
   or closely spelt (a word held only by sound counts half, and one word at least must be held as said),
   unless its score is very high; and it must hold each number said as part of a name, not as the count
   ("coke zero", "size 2 diapers"), which also puts first, among near-equal candidates, those holding it.
   Otherwise the outcome is ``NOT_FOUND`` with the ranking as suggestions, so "blah blah" (which sounds
   like "Blue Buffalo") never starts an order conversation. A brand said alone ("pampers") that several
   products carry, none called by it alone, is ``AMBIGUOUS`` among them unless the first is the shopper's.
"""

from __future__ import annotations

import itertools
import math
import sys
from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import jellyfish
from rapidfuzz import fuzz, process

from catalog.channel import PhoneModel, packaged_model
from catalog.model import Candidate, Decision, MatchResult, Product, SaidCount
from catalog.normalise import MAX_INPUT_CHARS, fold, is_number, normalise, readings, said_count, said_readings
from catalog.phonetics import join_keys, phrase_phones, sound_key, word_phones

__all__ = ["Matcher", "Normaliser", "Scorer"]

#: ``(text) -> canonical text``; must be idempotent and return space-separated words.
Normaliser = Callable[[str], str]
#: rapidfuzz-style scorer ``(a, b, *, score_cutoff=...) -> 0..100``.
Scorer = Callable[..., float]

# Words that carry no product identity on either side.
_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "of",
        "with",
        "for",
        "in",
        "on",
        "to",
        "or",
        "by",
        "at",
        "from",
        "n",
        "no",
        "x",
        "per",
        "into",
        "w",
    ]
)
# Command and filler words that survived utterance parsing: probably noise, weighed lightly.
_COMMAND_WORDS = frozenset(
    [
        "order",
        "reorder",
        "buy",
        "add",
        "get",
        "want",
        "need",
        "please",
        "cart",
        "card",
        "list",
        "shopping",
        "basket",
        "put",
        "some",
        "me",
        "my",
        "i",
        "you",
        "can",
        "could",
        "would",
        "like",
        "purchase",
        "grab",
        "more",
        "another",
        "also",
        "just",
    ]
)
# Measures and pack words: shared by the two sets below.
_MEASURES = frozenset(
    ["oz", "lb", "ct", "pack", "gal", "l", "ml", "g", "kg", "qt", "pt", "fl", "pk", "ea", "each", "count",
     "bag", "box", "bottle", "can", "jar", "piece", "roll", "sheet"]
)
# Size and count words: a name's unmatched sizes cost almost nothing (shoppers drop them).
_WEAK_WORDS = _MEASURES | {"in", "percent", "size"}

# Units after which a number is a size, not part of the product's name ("Zinc 50 mg" vs "SPF 50").
_SIZE_UNITS = _MEASURES | {"mg", "mcg", "iu", "capsule", "tablet", "softgel", "serving", "cup", "load", "pod"}

# Query handling.
_MAX_QUERY_WORDS = 16  # words of a phrase looked at (caps the work on huge input)
_MAX_EXPANSIONS = 6  # vocabulary keys one heard word may stand for
_JOIN_SPANS = (2,)  # adjacent heard words joined ("tooth powder"); joining three cost ~7% of a query for 1 dev row
_JOIN_MIN_CHARS = 5  # shortest joined form tried for split words ("tooth powder" -> "toothpowder")
_FUZZY_MIN_CHARS = 4  # shortest word given near-spelling look-alikes
_FUZZY_CUTOFF = 75.0  # rapidfuzz ratio a look-alike must reach
# Word weights: IDF, capped so one rare (possibly misheard) word cannot outweigh the rest.
_IDF_CAP_SHARE = 0.6  # of log(N)
_UNKNOWN_IDF_SHARE = 0.6  # weight of a word the catalog does not know, same scale
_SPELLING_SIM = 0.9  # similarity of a near spelling: this times its ratio
_SOUND_SIM = 0.72  # similarity of a same-sounding word: this plus 0.18 times its ratio
_KNOWN_WORD_DISCOUNT = 0.8  # look-alikes of a word the catalog knows count for less
_STRONG_SPELLING = 80.0  # rapidfuzz ratio from which a near spelling is evidence, not a guess
# Candidate generation.
_ADMIT_CAP = 300  # new candidates a common exact word's list admits (short names first); longer lists
# also get a frozenset, to credit every other candidate by intersection
_FUZZY_CAP = 120  # the same for a look-alike's posting list
_KNOWN_FUZZY_CAP = 30  # the same for a look-alike of a word the catalog knows
_NEW_ENTRY_SHARE = 0.6  # once later words cannot lift a new product near the leaders, stop admitting
_HOLDERS = 160  # products holding every exact word heard, admitted whatever the caps
_RESCORE = 36  # candidates rescored with rapidfuzz
# Rescoring: weights of the fit signals (normalised by their sum).
_W_QUERY = 0.8  # IDF-weighted share of the heard words the name holds
_W_NAME = 0.06  # share of the name's words that were heard (unmatched name words cost a little)
_W_FUZZY = 0.5  # rapidfuzz scorer on the normalised phrase and name
_W_PHONETIC = 0.35  # rapidfuzz ratio on their metaphone spellings
_W_COMPLETE = 0.1  # every heard word found
# Shares of the 0-100 score: how well the name fits, popularity, the shopper's habit.
_FIT_SHARE = 0.88
_POPULARITY_SHARE = 0.02
_HISTORY_SHARE = 0.10
_EXACT_BONUS = 0.01  # the normalised name is exactly the phrase (word order included)
_READING_MARGIN = 0.5  # a number kept in the name must beat the count reading by this much
# A product whose packs say otherwise than the count said (cans, for "six bottles of") gives way to one
# that fits within this many points: more than the shopper's habit adds (_HISTORY_SHARE).
_PACK_WINDOW = 12.0
_SIZE_DEPTH = _RESCORE  # candidates looked at when a size is said (the products of that size may rank low)
# A product whose names hold the numbers said ("1 percent", "size 2") goes before one that does not within this
# many points; one holding none of them is no match ("coke zero" is not Coca-Cola Classic).
_NUMBER_WINDOW = _PACK_WINDOW
# Spelling fallback (whole phrase against whole names, spaces removed).
_SPELLING_FALLBACK_BELOW = 55.0  # word-level best score under which it is tried
_SPELLING_FALLBACK_MIN = 70.0  # rapidfuzz ratio the name must reach
_SPELLING_FALLBACK_MARGIN = 5.0  # and by which it must beat the word-level first
_SPELLING_FALLBACK_SHARE = 0.5  # its score (of the ratio) when words found nothing at all
_GRAM = 4  # letters per indexed piece
_GRAM_MAX_DF = 300  # pieces held by more names are not indexed
_GRAM_LISTS = 12  # rarest pieces of the phrase looked up
_GRAM_POOL = 30  # names compared
_MIN_EVIDENCE = 0.5  # share of the phrase a MATCHED (or AMBIGUOUS) product must hold as said or spelt
_SOUND_EVIDENCE = 0.5  # a word held only by sound (or loose spelling) counts this much of a said word
_SURE_SCORE = 85.0  # from this score the fit speaks for itself
_SAID_FORM_BONUS = 0.3  # among near ties, the name said word for word (plural as said)
# Sound across word boundaries ("say add ten" for "seitan"): catalog words that sound like adjacent heard words.
_SOUND_SPANS = (2, 3)  # adjacent heard words whose joined sound is looked up
_SOUND_MIN_KEY = 4  # shortest sound key looked up (shorter ones sound like too much)
_SOUND_SAME_SIM = 0.8  # similarity of a catalog word sounding exactly like the span
_SOUND_NEAR_SIM = 0.72  # the same, one vowel or light consonant more in the catalog word
_SOUND_FAR_SIM = 0.62  # the same, one other consonant more
_LIGHT_SOUNDS = frozenset("atsnr")  # sounds a recogniser drops at will
_SOUND_MAX_WORDS = 4  # catalog words one span may stand for
_SOUND_LOOKUPS = 3  # spans looked up per phrase at most
_SOUND_MAX_PHRASE = 6  # longer phrases are noise, or hold enough words said right
_SOUND_COMMON = _FUZZY_CAP  # a sound-alike held by more names is too common to say anything
# Reranking by a learned phone-confusion model (catalog.channel), cross-validated by request (5 folds) in
# bench/bench_channel_model.py ("constant gaps (mean), first 10, guarded"; the folds chose 1.5 each time).
_PHONE_RERANK = 10  # candidates reranked
_PHONE_WEIGHT = 1.5  # score points per point of local alignment score (log-odds, nats)


@dataclass(slots=True)
class _Position:
    """One content word of the query and what it may match."""

    word: str
    weight: float
    # (vocabulary key, its posting list, similarity) in ascending similarity.
    keys: list[tuple[str, Sequence[int], float]] = field(default_factory=list)
    # Keys that are real evidence: the word itself, a close spelling, or a split/joined form of them.
    strong: set[str] = field(default_factory=set)
    # Keys found by the sound of this word together with its neighbours ("say add ten" -> "seitan").
    spans: set[str] = field(default_factory=set)


def _content_words(key: str) -> tuple[str, ...]:
    """Distinct words of a normalised name that identify it: no stopwords, no size counts ("12 oz")."""
    raw = key.split()
    kept = [
        sys.intern(w)
        for i, w in enumerate(raw)
        if w not in _STOPWORDS and not (is_number(w) and i + 1 < len(raw) and raw[i + 1] in _SIZE_UNITS)
    ]
    return tuple(dict.fromkeys(kept))


def _sound_of(text: str) -> str:
    """Metaphone spelling of each word (digits kept), for whole-phrase phonetic similarity."""
    return " ".join(_metaphone(w) for w in text.split() if w not in _STOPWORDS)


@lru_cache(maxsize=65536)
def _metaphone(word: str) -> str:
    return jellyfish.metaphone(word) if word.isalpha() else word


def _one_deletions(word: str) -> set[str]:
    """The word and every string made by deleting one of its characters."""
    return {word, *(word[:i] + word[i + 1 :] for i in range(len(word)))}


def _top_keys(scores: Mapping[int, float], n: int) -> list[int]:
    """The ``n`` keys with the highest values, ties in insertion order (as ``heapq.nlargest``, faster)."""
    if len(scores) <= n:
        return list(scores)
    cut = sorted(scores.values(), reverse=True)[n - 1]
    # Filtered in C: no Python step per key.
    top = list(itertools.compress(scores.keys(), map(cut.__lt__, scores.values())))
    top.extend(itertools.islice(itertools.compress(scores.keys(), map(cut.__eq__, scores.values())), n - len(top)))
    return top


class _SoundIndex:
    """Catalog words by coarse sound key (:func:`catalog.phonetics.sound_key`).

    Also indexed: each key with one sound left out, so that a heard span finds the words that sound
    like it with one sound more ("sweet ten" -> "sweetened", whose final d the span lacks).
    """

    __slots__ = ("_cache", "_longer", "_size", "_words")

    def __init__(self, words: Iterable[str], *, size: int) -> None:
        by_key: dict[str, list[str]] = defaultdict(list)
        for w in words:
            key = sound_key(w)
            if len(key) >= _SOUND_MIN_KEY:
                by_key[key].append(w)
        longer: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for key in by_key:
            # Keys have no runs, so each deletion gives a different shorter key.
            for i in range(len(key)):
                longer[key[:i] + key[i + 1 :]].append((key, key[i]))
        self._words = {key: tuple(sorted(ws)) for key, ws in by_key.items()}
        self._longer = dict(longer)
        self._size = size
        self._cache: dict[str, tuple[tuple[str, float], ...]] = {}

    def lookup(self, key: str) -> tuple[tuple[str, float], ...]:
        """The first ``size`` catalog words sounding like ``key``, or like it with one sound more.

        Best first, with their similarity: the same sound, then one vowel or light consonant (t, s, n,
        r) more, then another consonant more; alphabetical within each. Every word has one key, so it
        is in one group only. Cached per key.
        """
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        result: list[tuple[str, float]] = []
        size = self._size
        if len(key) >= _SOUND_MIN_KEY:
            words = self._words
            result = [(w, _SOUND_SAME_SIM) for w in words.get(key, ())[:size]]
            if len(result) < size:
                near: list[str] = []
                far: list[str] = []
                for other, sound in self._longer.get(key, ()):
                    (near if sound in _LIGHT_SOUNDS else far).extend(words[other])
                for group, sim in ((near, _SOUND_NEAR_SIM), (far, _SOUND_FAR_SIM)):
                    if len(result) >= size:
                        break
                    group.sort()
                    result.extend((w, sim) for w in group[: size - len(result)])
        if len(self._cache) > 100_000:
            self._cache.clear()
        found = self._cache[key] = tuple(result)
        return found


def _spans(n: int) -> list[tuple[int, int]]:
    """``(length, start)`` of the spans of adjacent words looked up by sound: pairs first, left to right."""
    return [(span, start) for span in _SOUND_SPANS for start in range(n - span + 1)]


def _said_numbers(phrase: str, positions: list[_Position]) -> list[_Position]:
    """The positions of the numbers of a product phrase that are part of a name ("1" of "1 percent milk",
    "2" of "size 2 diaper"), not sizes ("12 oz"); the count said is not in the phrase."""
    numbers = {w for w in _content_words(phrase) if is_number(w)}
    return [pos for pos in positions if pos.word in numbers]


def _is_weak(word: str) -> bool:
    return is_number(word) or word in _WEAK_WORDS


class Matcher:
    """Index over a fixed product sequence that ranks products for a heard utterance.

    Parameters
    ----------
    products
        The catalog's products; their order is the tie-breaker of last resort.
    processor
        Keyword-only. Normaliser applied to product names and heard phrases (default
        :func:`catalog.normalise.normalise`).
    scorer
        Keyword-only. rapidfuzz-style scorer used to rescore the narrowed candidates on normalised names
        (default :func:`rapidfuzz.fuzz.ratio`).
    score_cutoff
        Keyword-only. Below this best score (0-100) the outcome is ``NOT_FOUND``.
    ambiguity_margin
        Keyword-only. Candidates within this many points of the best make the outcome ``AMBIGUOUS``.
    phone_model
        Keyword-only. Phone-confusion model the first candidates are reranked by (default: the one
        learned from the development data, :func:`catalog.channel.packaged_model`).
    phone_weight
        Keyword-only. Score points per point of its alignment score; 0 turns the reranking off.

    Examples
    --------
    >>> from decimal import Decimal
    >>> towels = Product(id="1", name="Bounty Paper Towels", price=Decimal("9.99"), category="paper")
    >>> Matcher([towels]).match("county paper towel").best.product.id
    '1'
    """

    def __init__(
        self,
        products: Iterable[Product],
        *,
        processor: Normaliser = normalise,
        scorer: Scorer = fuzz.ratio,
        score_cutoff: float = 60.0,
        ambiguity_margin: float = 2.0,
        phone_model: PhoneModel | None = None,
        phone_weight: float = _PHONE_WEIGHT,
    ) -> None:
        self.products: tuple[Product, ...] = tuple(products)
        self._processor = processor
        self._scorer = scorer
        self._score_cutoff = score_cutoff
        self._margin = ambiguity_margin
        self._expansions: dict[str, tuple[tuple[str, float], ...]] = {}
        self._strong: dict[str, frozenset[str]] = {}
        self._sound_index: _SoundIndex | None = None
        self._phone_weight = phone_weight
        self._phone_model = phone_model if phone_model is not None or phone_weight <= 0 else packaged_model()
        self._phone_names = array("i")
        self._phone_starts = array("I")
        self._build()
        self._encode_names()

    # ------------------------------------------------------------------------------------------ index
    def _build(self) -> None:
        # One index entry per spoken surface of a product: its name and each synonym.
        keys: list[str] = []
        token_lists: list[tuple[str, ...]] = []
        owner: list[int] = []
        entries_of: list[list[int]] = []
        df: Counter[str] = Counter()
        for i, product in enumerate(self.products):
            mine: list[int] = []
            surfaces = dict.fromkeys(self._processor(s) for s in (product.name, *product.synonyms))
            for key in surfaces:
                words = _content_words(key)
                if not words and mine:
                    continue
                mine.append(len(keys))
                keys.append(key)
                token_lists.append(words)
                owner.append(i)
                df.update(words)
            entries_of.append(mine)
        n = len(keys)
        self._owner = owner
        self._entries_of = entries_of
        # Products with synonyms: the words of all their surfaces together (brand from the name,
        # "triple a" from a synonym).
        self._all_words: dict[int, tuple[str, ...]] = {
            i: tuple(dict.fromkeys(w for e in mine for w in token_lists[e]))
            for i, mine in enumerate(entries_of)
            if len(mine) > 1
        }
        self._brand_only_words = self._brand_only(keys, entries_of)
        # Each branded product's brand, as its words ("pamper" of "Pampers", "oral b" of "Oral-B").
        self._brands = {
            i: brand
            for i, product in enumerate(self.products)
            if product.brand and (brand := frozenset(_content_words(self._processor(product.brand))))
        }
        # The numbers a product's names hold, sizes included ("2" of "2% Milk", "4" of "Size 4", "2000 IU").
        self._numbers = {
            i: numbers
            for i, mine in enumerate(entries_of)
            if (numbers := frozenset(w for e in mine for w in keys[e].split() if is_number(w)))
        }
        self._keys = keys
        self._sounds = [_sound_of(key) for key in keys]
        # Names without word boundaries: recognisers split and join words freely ("held fashion" /
        # "old fashioned", "shot for the claire" / "chocolate eclair").
        grams: dict[str, list[int]] = defaultdict(list)
        self._flat = [key.replace(" ", "") for key in keys]
        for e, flat in enumerate(self._flat):
            for g in {flat[i : i + _GRAM] for i in range(len(flat) - _GRAM + 1)}:
                grams[g].append(e)
        self._grams: dict[str, list[int]] = {g: v for g, v in grams.items() if len(v) <= _GRAM_MAX_DF}
        self._tokens = token_lists
        log_n = math.log(n + 1)
        self._idf: dict[str, float] = {w: log_n - math.log(c) + 0.5 for w, c in df.items()}
        self._unknown_idf = log_n * _UNKNOWN_IDF_SHARE + 0.5
        self._idf_cap = log_n * _IDF_CAP_SHARE + 0.5
        idf = self._idf

        self._idf_name = {w: v * (0.15 if _is_weak(w) else 1.0) for w, v in idf.items()}
        name_weight: list[float] = []
        for words in token_lists:
            total = sum(self._idf_name[w] for w in words)
            name_weight.append(total or 1.0)
        self._name_weight = name_weight
        self._popularity = [self.products[i].popularity for i in owner]
        # Prior order: fewer content words first, then popular, then catalog order.
        prior_rank = sorted(range(n), key=lambda i: (len(token_lists[i]), -self._popularity[i], i))
        self._prior_order = prior_rank
        self._prior_rank = [0] * n
        for rank, i in enumerate(prior_rank):
            self._prior_rank[i] = rank

        postings: dict[str, list[int]] = defaultdict(list)
        joined: dict[str, list[int]] = defaultdict(list)
        parts: dict[str, tuple[str, str]] = {}
        for i in prior_rank:
            words = token_lists[i]
            for w in words:
                postings[w].append(i)
            raw = [sys.intern(w) for w in keys[i].split() if w not in _STOPWORDS]
            for a, b in itertools.pairwise(raw):
                compound = a + b
                if (
                    len(compound) >= _JOIN_MIN_CHARS
                    and compound not in df
                    and (not joined[compound] or joined[compound][-1] != i)
                ):
                    joined[compound].append(i)
                    parts[compound] = (a, b)
        self._postings: dict[str, list[int]] = dict(postings)
        self._big_sets = {k: frozenset(v) for k, v in self._postings.items() if len(v) > _ADMIT_CAP}
        self._joined: dict[str, list[int]] = dict(joined)
        self._parts = parts

        metaphone: dict[str, list[str]] = defaultdict(list)
        nysiis: dict[str, list[str]] = defaultdict(list)
        # Symmetric one-deletion neighbourhood (SymSpell style): two words within one substitution,
        # insertion, deletion or transposition share a key, found with a few dict lookups.
        deletions: dict[str, list[str]] = defaultdict(list)
        for w in df:
            if w.isalpha() and len(w) >= 3:
                metaphone[jellyfish.metaphone(w)].append(w)
                nysiis[jellyfish.nysiis(w)].append(w)
            if w.isalpha() and len(w) >= _FUZZY_MIN_CHARS:
                for variant in _one_deletions(w):
                    deletions[variant].append(w)
        self._metaphone = dict(metaphone)
        self._nysiis = dict(nysiis)
        self._deletions = dict(deletions)

    # -------------------------------------------------------------------------------------- expansion
    def _expand(self, word: str) -> tuple[tuple[str, float], ...]:
        """Vocabulary keys (single words or product-side joined pairs) ``word`` may stand for."""
        cached = self._expansions.get(word)
        if cached is not None:
            return cached
        found: dict[str, float] = {}
        strong: set[str] = set()
        if word in self._idf or word in self._joined:
            found[word] = 1.0
            strong.add(word)
        if len(word) >= _FUZZY_MIN_CHARS and word.isalpha():
            near: set[str] = set()
            variants = _one_deletions(word)
            deletions = self._deletions
            for variant in variants & deletions.keys():
                near.update(deletions[variant])
            near.discard(word)
            # Scored in one rapidfuzz call (a C loop), not one call per look-alike.
            for cand, ratio, _ in process.extract(
                word, list(near), scorer=fuzz.ratio, score_cutoff=_FUZZY_CUTOFF, limit=None
            ):
                found[cand] = max(found.get(cand, 0.0), _SPELLING_SIM * ratio / 100.0)
                if ratio >= _STRONG_SPELLING:
                    strong.add(cand)
        if len(word) >= 3 and word.isalpha():
            sounds = set(self._metaphone.get(jellyfish.metaphone(word), ()))
            sounds.update(self._nysiis.get(jellyfish.nysiis(word), ()))
            sounds.discard(word)
            for cand, ratio, _ in process.extract(word, list(sounds), scorer=fuzz.ratio, score_cutoff=50.0, limit=None):
                found[cand] = max(found.get(cand, 0.0), _SOUND_SIM + 0.18 * ratio / 100.0)
        if word in self._idf:
            # A word the catalog knows was probably heard right: its look-alikes count for less.
            found = {k: (v if k == word else v * _KNOWN_WORD_DISCOUNT) for k, v in found.items()}
        best = sorted(found.items(), key=lambda kv: (-kv[1], kv[0]))[:_MAX_EXPANSIONS]
        result = tuple(best)
        if len(self._expansions) > 200_000:
            self._expansions.clear()
            self._strong.clear()
        self._expansions[word] = result
        self._strong[word] = frozenset(strong.intersection(k for k, _ in result))
        return result

    def _keys_for(self, key: str, sim: float) -> tuple[str, Sequence[int], float]:
        plist = self._postings.get(key)
        if plist is None:
            plist = self._joined[key]
        return key, plist, sim

    def _positions(self, phrase: str) -> list[_Position]:
        words = [w for w in phrase.split() if w not in _STOPWORDS][:_MAX_QUERY_WORDS]
        positions: list[_Position] = []
        for w in words:
            expansions = self._expand(w)
            if w in self._idf:
                weight = self._idf[w]
            elif expansions:
                weight = max(self._idf.get(k, self._unknown_idf) for k, _ in expansions)
            else:
                weight = self._unknown_idf
            weight = min(weight, self._idf_cap)
            if w in _COMMAND_WORDS:
                weight *= 0.25
            elif _is_weak(w):
                weight *= 0.5
            pos = _Position(w, weight, strong=set(self._strong[w]))
            for key, sim in expansions:
                pos.keys.append(self._keys_for(key, sim))
            positions.append(pos)
        # Words the recogniser split: "tooth powder" may be the catalog's "toothpowder".
        for span in _JOIN_SPANS:
            for start in range(len(words) - span + 1):
                joined = "".join(words[start : start + span])
                if len(joined) < _JOIN_MIN_CHARS or not joined.isalpha():
                    continue
                expansions = self._expand(joined)
                joined_strong = self._strong[joined]
                for key, sim in expansions:
                    entry = self._keys_for(key, sim * 0.97)
                    for pos in positions[start : start + span]:
                        pos.keys.append(entry)
                        if key in joined_strong:
                            pos.strong.add(key)
        self._add_sound_spans(phrase, positions)
        for pos in positions:
            pos.keys.sort(key=lambda e: e[2])
        return positions

    def _add_sound_spans(self, phrase: str, positions: list[_Position]) -> None:
        """Credit catalog words that sound like two or three adjacent heard words together.

        Recognisers replace a word with real words that sound alike across its boundaries ("say add
        ten" for "seitan", "sweet ten vanilla" for "sweetened vanilla"). The joined sound key of each
        span of heard words (stopwords included, they are sounds too) that holds a suspect word (one
        the catalog does not know, a number, or a stray letter or two: pieces of a broken word) is
        looked up among the catalog words' keys, as said or with one sound more; a word found is a
        weak key of every content position in the span, and may admit new candidates as a near
        spelling does, unless so many names hold it that it says nothing. Short phrases only, and the
        first few spans (pairs first): long phrases are noise or hold enough words heard right.
        """
        raw = phrase.split()
        if not 2 <= len(raw) <= _SOUND_MAX_PHRASE:
            return
        idf = self._idf
        # A suspect word may be a piece of another: unknown to the catalog, a number, a stray letter.
        suspect = [w not in idf or is_number(w) or (len(w) <= 2 and w not in _STOPWORDS) for w in raw]
        if not any(suspect):
            return
        lookup = self._phonetic_index().lookup
        at: list[int] = []
        k = 0
        for w in raw:
            if k < len(positions) and positions[k].word == w and w not in _STOPWORDS:
                at.append(k)
                k += 1
            else:
                at.append(-1)
        codes: list[str] = [""] * len(raw)
        budget = _SOUND_LOOKUPS
        for span, start in _spans(len(raw)):
            end = start + span
            if not any(suspect[start:end]):
                continue
            members = [positions[i] for i in at[start:end] if i >= 0]
            if not members:
                continue
            budget -= 1
            if budget < 0:
                return
            for i in range(start, end):
                if not codes[i]:
                    codes[i] = sound_key(raw[i])
            found = lookup(join_keys(codes[start:end]))
            said = raw[start:end]
            kept = [(w, sim) for w, sim in found if w not in said][:_SOUND_MAX_WORDS]
            for w, sim in kept:
                entry = self._keys_for(w, sim)
                if len(entry[1]) > _SOUND_COMMON:
                    continue
                for pos in members:
                    if w not in pos.spans:
                        pos.keys.append(entry)
                        pos.spans.add(w)

    def build_phonetic_index(self) -> None:
        """Build (once) the sound index of the catalog's words, if it is not built yet.

        It is otherwise built on first use, so that a container's start does not read the pronouncing
        dictionary; call this to pay for it up front (benchmarks do, to time it as part of the index).
        """
        self._phonetic_index()

    def _phonetic_index(self) -> _SoundIndex:
        if self._sound_index is None:
            # A lookup needs the words it keeps, plus those said in the span (never kept).
            self._sound_index = _SoundIndex(
                (w for w in self._postings if w.isalpha() and len(w) >= 3),
                size=_SOUND_MAX_WORDS + _SOUND_SPANS[-1],
            )
        return self._sound_index

    def _brand_only(self, keys: Sequence[str], entries_of: Sequence[Sequence[int]]) -> dict[int, frozenset[str]]:
        """Per product with a brand of two words or more: the brand's words its surfaces hold nowhere else.

        One of them alone ("banana" of Banana Boat, "generation" of Seventh Generation) says nothing
        about the product: see :meth:`_evidence`.
        """
        found: dict[int, frozenset[str]] = {}
        for i, product in enumerate(self.products):
            if not product.brand:
                continue
            brand = self._processor(product.brand)
            brand_words = frozenset(_content_words(brand))
            if len(brand_words) < 2:
                continue
            elsewhere = {w for e in entries_of[i] for w in keys[e].replace(brand, " ").split()}
            only = brand_words - elsewhere
            if only:
                found[i] = only
        return found

    # ---------------------------------------------------------------------------------------- ranking
    def _coverage(
        self, positions: list[_Position]
    ) -> tuple[dict[int, float], list[tuple[_Position, dict[int, float]]]]:
        """Summed query-side weight matched per index entry.

        Short posting lists are visited whole. A long one (a common word) admits only its first entries
        (prior order: short names first) as new candidates, then credits every candidate already found
        through a set intersection, so no candidate misses the credit of a common word it holds.
        Returns the sums and, for each position whose fuzzy postings were cut, the entries it credited.
        """
        qsum = self._holders_of_every_word(positions)
        cut: list[tuple[_Position, dict[int, float]]] = []
        deferred: list[tuple[dict[int, float], frozenset[int], float, Sequence[int]]] = []
        big = self._big_sets
        # Rarest (heaviest) words first; once a product first seen now could no longer come near the
        # leaders, later (common) words only credit products already found.
        remaining = sum(pos.weight for pos in positions)
        top = 0.0
        for pos in sorted(positions, key=lambda pos: -pos.weight):
            remaining -= pos.weight
            truncated = False
            best: dict[int, float] = {}
            common: list[tuple[frozenset[int], float, Sequence[int]]] = []
            # Look-alikes of a word the catalog knows are weak evidence: they credit, they do not admit.
            fuzzy_admit = _KNOWN_FUZZY_CAP if pos.word in self._idf else _FUZZY_CAP
            for key, postings, sim in pos.keys:
                value = sim * pos.weight
                admit = _ADMIT_CAP if sim >= 1.0 else _FUZZY_CAP if key in pos.spans else fuzzy_admit
                if len(postings) > admit:
                    # An exact common word credits every candidate now (set intersection); a look-alike
                    # only credits the final few (see ``rank``).
                    members = big.get(key) if sim >= 1.0 else None
                    if members is None:
                        truncated = True
                    else:
                        common.append((members, value, postings[:admit]))
                best.update(dict.fromkeys(postings[:admit], value))
            if pos.weight + remaining < _NEW_ENTRY_SHARE * top:
                # No new candidates from here on (weights only fall, the leaders only rise).
                best = {p: best[p] for p in best.keys() & qsum.keys()}
                for p, value in best.items():
                    qsum[p] += value
            else:
                # Add in C where possible: only the entries already holding credit need a Python step.
                merged = dict(best)
                for p in merged.keys() & qsum.keys():
                    merged[p] += qsum[p]
                qsum.update(merged)
                if merged:
                    # Credit only grows: the new leader is the old one or among the entries just credited.
                    peak = max(merged.values())
                    top = max(top, peak)
            deferred.extend((best, members, value, admitted) for members, value, admitted in common)
            if truncated:
                cut.append((pos, best))
        for credited, members, value, admitted in deferred:
            # The admitted entries already hold this (full) value: only the others need a Python step.
            for p in (qsum.keys() & members).difference(admitted):
                before = credited.get(p, 0.0)
                if value > before:
                    qsum[p] += value - before
                    credited[p] = value
        return qsum, cut

    def _holders_of_every_word(self, positions: list[_Position]) -> dict[int, float]:
        """Entries whose names hold every content word heard exactly, when capped lists could miss them.

        Returned with zero credit (the caller credits them like any other entry), at most
        ``_HOLDERS`` of them, short names first.
        """
        words = [pos.word for pos in positions if pos.word in self._postings and pos.word not in _COMMAND_WORDS]
        if not words or all(len(self._postings[w]) <= _ADMIT_CAP for w in words):
            return {}
        words.sort(key=lambda w: len(self._postings[w]))
        holders = set(self._postings[words[0]])
        for w in words[1:]:
            members = self._big_sets.get(w)
            holders.intersection_update(self._postings[w] if members is None else members)
            if not holders:
                return {}
        if len(holders) > _HOLDERS:
            # By prior rank (ints sort faster without a key function), then back to entries.
            order = self._prior_order
            return dict.fromkeys([order[r] for r in sorted(map(self._prior_rank.__getitem__, holders))[:_HOLDERS]], 0.0)
        return dict.fromkeys(holders, 0.0)

    def _token_credit(self, positions: list[_Position]) -> dict[str, float]:
        """Best similarity with which any heard word matched each name word (joined keys split back)."""
        credit: dict[str, float] = {}
        for pos in positions:
            for key, _, sim in pos.keys:
                for part in self._parts.get(key, (key,)):
                    if sim > credit.get(part, 0.0):
                        credit[part] = sim
        return credit

    def rank(self, phrase: str, *, history: Sequence[str] = (), limit: int = 5) -> list[tuple[int, float]]:
        """Rank product indices for an already normalised product phrase.

        Parameters
        ----------
        phrase
            Normalised product phrase (see :func:`catalog.normalise.split_quantity`).
        history
            Past purchased product ids, most recent last.
        limit
            How many ``(product index, score)`` pairs to return at most.

        Returns
        -------
        list[tuple[int, float]]
            ``(index into products, score)``, best first; scores 0-100.
        """
        return self._rank(phrase, history=history, limit=limit)[0]

    def _rank(
        self, phrase: str, *, history: Sequence[str] = (), limit: int = 5
    ) -> tuple[list[tuple[int, float]], list[_Position]]:
        """:meth:`rank`, plus the phrase's positions (for :meth:`_evidence`)."""
        positions = self._positions(phrase)
        if not positions or limit <= 0:
            return [], positions
        total_weight = sum(p.weight for p in positions) or 1.0
        ranked = self._rank_words(phrase, positions, total_weight, history=history, limit=limit)
        if not ranked or ranked[0][1] < _SPELLING_FALLBACK_BELOW:
            ranked = self._spelling_fallback(phrase, ranked, limit)
        return ranked, positions

    def _spelling_fallback(self, phrase: str, ranked: list[tuple[int, float]], limit: int) -> list[tuple[int, float]]:
        """When the words explain little, put first the name spelt most like the whole phrase.

        Recognisers move word boundaries ("held fashion natural liners" for "old fashioned natural
        weiners", "shot for the claire" for "chocolate eclair"), which word matching cannot see. The
        phrase and the names are compared without spaces; candidates come from their rarest shared
        four-letter pieces (those spanning a boundary are the rarest). The name taken must beat the
        current first by a clear margin, and it stays a suggestion: its score stays below the first's.
        """
        flat = phrase.replace(" ", "")
        if len(flat) < _GRAM:
            return ranked
        grams = self._grams
        pieces = {flat[i : i + _GRAM] for i in range(len(flat) - _GRAM + 1)}
        lists = [grams[g] for g in sorted(pieces & grams.keys(), key=lambda g: (len(grams[g]), g))[:_GRAM_LISTS]]
        if not lists:
            return ranked
        counts = Counter(itertools.chain.from_iterable(lists))
        pool = _top_keys(counts, _GRAM_POOL)
        found = process.extractOne(
            flat, [self._flat[e] for e in pool], scorer=fuzz.ratio, score_cutoff=_SPELLING_FALLBACK_MIN
        )
        if found is None:
            return ranked
        product = self._owner[pool[found[2]]]
        if ranked:
            first, first_score = ranked[0]
            if product == first:
                return ranked
            first_ratio = max(fuzz.ratio(flat, self._flat[e]) for e in self._entries_of[first])
            if found[1] < first_ratio + _SPELLING_FALLBACK_MARGIN:
                return ranked
            score = first_score + 0.01
        else:
            score = found[1] * _SPELLING_FALLBACK_SHARE
        rest = [(i, s) for i, s in ranked if i != product]
        return [(product, score), *rest][:limit]

    def _rank_words(
        self,
        phrase: str,
        positions: list[_Position],
        total_weight: float,
        *,
        history: Sequence[str],
        limit: int,
    ) -> list[tuple[int, float]]:
        """Rank products by the words of the phrase (see the module docstring, steps 2-4)."""
        qsum, cut = self._coverage(positions)
        pool = _top_keys(qsum, _RESCORE)
        habit = self._habit(history)
        pool.extend(e for i in habit for e in self._entries_of[i] if e not in qsum)
        if not pool:
            return []
        # Credit what the capped posting lists did not reach, and history products outside the pool.
        token_sets = self._tokens
        outside = [p for p in pool if p not in qsum]
        for p in outside:
            qsum[p] = 0.0
        checks = [(pos, seen, pool) for pos, seen in cut]
        if outside:
            checks.extend((pos, {}, outside) for pos in positions if all(pos is not c[0] for c in cut))
        parts_of = self._parts
        for pos, seen, members_of in checks:
            # Plain keys by set intersection (in C); joined keys ("toothpowder") by their parts.
            plain: dict[str, float] = {}
            joined: list[tuple[tuple[str, str], float]] = []
            for key, _, sim in pos.keys:
                parts = parts_of.get(key)
                if parts is None:
                    plain[key] = max(plain.get(key, 0.0), sim * pos.weight)
                else:
                    joined.append((parts, sim * pos.weight))
            plain_keys = plain.keys()
            for p in members_of:
                if p in seen:
                    continue
                members = token_sets[p]
                common = plain_keys & members
                best = max(map(plain.__getitem__, common)) if common else 0.0
                for (a, b), value in joined:
                    if value > best and a in members and b in members:
                        best = value
                qsum[p] += best
        if self._all_words:
            self._credit_all_surfaces(pool, positions, qsum)
        pool = [p for p in pool if qsum[p] > 0.0]
        if not pool:
            return []
        credit = self._token_credit(positions)
        credit_weight = {t: sim * self._idf_name.get(t, 0.0) for t, sim in credit.items()}
        credited = credit_weight.keys()
        names = [self._keys[p] for p in pool]
        rf = [0.0] * len(names)
        for _, value, at in process.extract(phrase, names, scorer=self._scorer, limit=None):
            rf[at] = value
        sounds = [0.0] * len(names)
        heard_sound = _sound_of(phrase)
        entry_sounds = [self._sounds[p] for p in pool]
        for _, value, at in process.extract(heard_sound, entry_sounds, scorer=fuzz.ratio, limit=None):
            sounds[at] = value
        inv_total = 1.0 / total_weight
        inv_weights = 1.0 / (_W_QUERY + _W_NAME + _W_FUZZY + _W_PHONETIC + _W_COMPLETE)
        best_q = max(qsum[p] for p in pool) * inv_total
        name_weight = self._name_weight
        popularity = self._popularity
        keys = self._keys
        scored: list[tuple[float, int]] = []
        for p, fuzzy, sound in zip(pool, rf, sounds, strict=True):
            q = qsum[p] * inv_total
            matched = sum(map(credit_weight.__getitem__, credited & token_sets[p]))
            n = min(1.0, matched / name_weight[p])
            fit = _W_QUERY * q + _W_NAME * n + (_W_FUZZY * fuzzy + _W_PHONETIC * sound) / 100.0
            if q > 0.999:
                fit += _W_COMPLETE
            fit = fit * inv_weights + (_EXACT_BONUS if keys[p] == phrase else 0.0)
            score = 100.0 * (_FIT_SHARE * fit + _POPULARITY_SHARE * popularity[p])
            scored.append((score, p))
        if habit:
            # "milk" means the milk this shopper usually buys: a past purchase that holds what was said
            # (nearly) as well as the best candidate is lifted to the top, by habit strength.
            top = max(score for score, _ in scored)
            for k, (score, p) in enumerate(scored):
                h = habit.get(self._owner[p])
                q = qsum[p] * inv_total
                if h and q >= 0.5 and q >= best_q - 0.1:
                    scored[k] = (max(score, top) + 100.0 * _HISTORY_SHARE * h, p)
        scored.sort(key=lambda t: (-t[0], t[1]))
        ranked: dict[int, float] = {}
        for score, entry in scored:
            product = self._owner[entry]
            if product not in ranked:
                ranked[product] = score
                if len(ranked) >= limit:
                    break
        return list(ranked.items())

    def _evidence(self, positions: list[_Position], product: int) -> float:
        """How much of the heard phrase a product holds as real evidence, 0..1.

        A word held as said or closely spelt counts whole, one held only through a same-sounding or
        loosely spelt word counts half, and without a single word of the first kind there is no
        evidence at all: "blah" sounds like "blue", which is no reason to start an order for Blue
        Buffalo, while "tied pods" holds "pods" as said and "tide" as sound, and is evidence enough.
        Part of a brand counts as loosely as a sound: "bananas" is no reason to order Banana Boat
        sunscreen, while "banana boat" is.
        """
        words = self._all_words.get(product)
        if words is None:
            words = self._tokens[self._entries_of[product][0]]
        brand = self._brand_only_words.get(product)
        if brand is not None:
            said = {key for pos in positions for key in pos.strong if key in brand}
            if said != brand:
                # Only part of the brand was said: its words are held, but they are no evidence.
                words = tuple(w for w in words if w not in brand)
        strong = 0.0
        loose = 0.0
        for pos in positions:
            if any(self._contains(key, words) for key in pos.strong):
                strong += pos.weight
            elif any(self._contains(key, words) for key, _, _ in pos.keys):
                loose += pos.weight
        if strong <= 0.0:
            return 0.0
        return (strong + _SOUND_EVIDENCE * loose) / (sum(pos.weight for pos in positions) or 1.0)

    def _credit_all_surfaces(self, pool: list[int], positions: list[_Position], qsum: dict[int, float]) -> None:
        """Raise an entry's query credit to what its product's surfaces hold together."""
        for p in pool:
            words = self._all_words.get(self._owner[p])
            if words is None:
                continue
            together = 0.0
            for pos in positions:
                for key, _, sim in reversed(pos.keys):
                    if self._contains(key, words):
                        together += sim * pos.weight
                        break
            qsum[p] = max(qsum[p], together)

    def _contains(self, key: str, members: tuple[str, ...]) -> bool:
        """Whether a product with these name words holds a vocabulary key (joined keys by their parts)."""
        parts = self._parts.get(key)
        if parts is None:
            return key in members
        return all(part in members for part in parts)

    def holding(self, heard: str) -> tuple[Product, ...]:
        """Every product one of whose names holds each content word of the product phrase in ``heard``.

        Words are compared as normalised (singular, canonical units); the commands and the count
        around the phrase do not count ("two bags of coffee" holds "coffee" only). Catalog order;
        empty when the phrase has no content word or a word no name holds.
        """
        if not isinstance(heard, str):
            return ()
        phrase = readings(heard[:MAX_INPUT_CHARS])[0][1]
        if self._processor is not normalise:
            phrase = self._processor(phrase)
        words = _content_words(phrase)
        lists = sorted((self._postings.get(w, []) for w in words), key=len)
        if not lists or not lists[0]:
            return ()
        entries = set(lists[0]).intersection(*lists[1:])
        owner = self._owner
        return tuple(self.products[i] for i in sorted({owner[e] for e in entries}))

    def _prefer_sound(
        self, first_phrase: str, phrase: str, ranked: list[tuple[int, float]], wide: list[tuple[int, float]]
    ) -> list[tuple[int, float]]:
        """Put first, among the first few, the name that best fits the phrase in score *and* in sound.

        Each of the first :data:`_PHONE_RERANK` candidates (``ranked``, then the rest of ``wide``) is
        scored by its score (at most the first's) plus ``phone_weight`` times the local alignment score
        of the phrase's phones with its name's under the phone-confusion model: what the recogniser
        makes of sounds ("tied pots" for "tide pods") counts, not only which words it heard. Nothing
        changes when the first holds every content word of the phrase (``first_phrase``, the
        preferred reading: :meth:`holding`). The candidate put first takes the first's score.
        """
        model = self._phone_model
        if model is None or not ranked or self._holds_every_word(ranked[0][0], first_phrase):
            return ranked
        heard = model.encode(phrase_phones(phrase.split()))
        if not heard:
            return ranked
        seen = {i for i, _ in ranked}
        pool = (ranked + [(i, s) for i, s in wide if i not in seen])[:_PHONE_RERANK]
        top = pool[0][1]
        fits = model.aligned(heard, [self._name_phones(i) for i, _ in pool])
        best = max(range(len(pool)), key=lambda k: (min(pool[k][1], top) + self._phone_weight * fits[k], -k))
        if best == 0:
            return ranked
        chosen = pool[best][0]
        return [(chosen, top), *((i, s) for i, s in ranked if i != chosen)]

    def _holds_every_word(self, product: int, phrase: str) -> bool:
        """Whether one of the product's names holds each content word of ``phrase`` (as :meth:`holding`)."""
        if self._processor is not normalise:
            phrase = self._processor(phrase)
        words = set(_content_words(phrase))
        return bool(words) and any(words.issubset(self._tokens[e]) for e in self._entries_of[product])

    def _encode_names(self) -> None:
        """Every product name's phones, encoded for the phone model, in one int32 array (about 5 MB)."""
        model = self._phone_model
        if model is None:
            return
        by_word: dict[str, array[int]] = {}
        names = array("i")
        starts = array("I", [0])
        phones_of = word_phones.__wrapped__  # the vocabulary once: no need to fill the query-time cache
        for product in self.products:
            for word in fold(product.name).replace("'", "").split():
                found = by_word.get(word)
                if found is None:
                    found = by_word[word] = model.encode(phones_of(word))
                names += found
            starts.append(len(names))
        self._phone_names = names
        self._phone_starts = starts

    def _name_phones(self, product: int) -> array[int]:
        """The product's name as encoded phones (:meth:`catalog.channel.PhoneModel.encode`)."""
        return self._phone_names[self._phone_starts[product] : self._phone_starts[product + 1]]

    def _prefer_said_form(self, heard: str, ranked: list[tuple[int, float]]) -> list[tuple[int, float]]:
        """Among near-equal candidates, prefer the one whose name was said word for word.

        The matching key is singular ("cookie" and "cookies" are one key); the words as said still tell
        "Peanut Butter Cookie" from "Peanut Butter Cookies".
        """
        if len(ranked) < 2 or ranked[0][1] - ranked[1][1] > _SAID_FORM_BONUS:
            return ranked
        said = f" {fold(heard)} "
        adjusted = [
            (i, s + (_SAID_FORM_BONUS if f" {fold(self.products[i].name)} " in said else 0.0)) for i, s in ranked
        ]
        adjusted.sort(key=lambda t: -t[1])
        return adjusted

    def _prefer_said_size(
        self, said: SaidCount | None, ranked: list[tuple[int, float]], positions: list[_Position]
    ) -> list[tuple[int, float]]:
        """A size said steers toward the products of that size, however far below the names rank them.

        When the first product is clearly of another size than was said (:meth:`Product.other_size`: a
        gallon jug for "a half gallon of milk"), every product ranked after it that holds what was said as
        well (:meth:`_evidence`, and a score that is a match) and whose packs are that size or add up to it
        (:meth:`Product.pack_fit`) is lifted to the first one's score, in their order, and the products of
        another size drop below them by the ambiguity margin. The names' lead may owe everything to what
        the shopper did not say (gallon jugs called "milk" by a synonym); several products lifted are a
        choice for the shopper, one is the match. Otherwise the ranking is kept.
        """
        if said is None or not said.measured or len(ranked) < 2:
            return ranked
        products = self.products
        lead, top = ranked[0]
        if not products[lead].other_size(said):
            return ranked
        held = self._evidence(positions, lead)
        lifted = [
            (i, top)
            for i, s in ranked[1:]
            if s >= self._score_cutoff
            and products[i].pack_fit(said) > 0
            and self._evidence(positions, i) >= held - 1e-9
        ]
        if not lifted:
            return ranked
        kept = {i for i, _ in lifted}
        rest = [
            (i, min(s, top - self._margin) if products[i].other_size(said) else s) for i, s in ranked if i not in kept
        ]
        return [*lifted, *sorted(rest, key=lambda t: -t[1])]

    def _brand_choice(
        self, phrase: str, ranked: list[tuple[int, float]], history: Sequence[str]
    ) -> list[tuple[int, float]] | None:
        """The products of a brand said alone, when it names several and none by name: which one is a question.

        "pampers" may be wipes or diapers, "starbucks" beans, ground coffee or pods; one of them ahead by a
        hair is no answer. ``None`` when more than the brand was said, when a product is called by the brand
        alone (a name or synonym: "tide", "pepsi"), when the ranking holds one product of it, or when the
        first is one the shopper has bought (their usual, lifted by their history).
        """
        brand = self._brands.get(ranked[0][0])
        if brand is None or brand != frozenset(_content_words(phrase)):
            return None
        same = [(i, s) for i, s in ranked if self._brands.get(i) == brand]
        keys = self._keys
        if len(same) < 2 or any(keys[e] == phrase for i, _ in same for e in self._entries_of[i]):
            return None
        if ranked[0][0] in self._habit(history):
            return None
        return same

    def _holds_numbers(self, product: int, numbers: list[_Position]) -> bool:
        """Whether a product's names hold every number said as part of a name (see :func:`_said_numbers`), or
        a word it may have been heard for ("say add ten" for "seitan")."""
        held = self._numbers.get(product, frozenset())
        words = self._all_words.get(product) or self._tokens[self._entries_of[product][0]]
        return all(
            pos.word in held or any(self._contains(key, words) for key, _, _ in pos.keys) for pos in numbers
        )

    def _prefer_said_numbers(
        self, numbers: list[_Position], ranked: list[tuple[int, float]]
    ) -> list[tuple[int, float]]:
        """Put first the candidates whose names hold the numbers said, within ``_NUMBER_WINDOW`` points.

        "1 percent milk" is not 2% milk, nor "size 2 diapers" size 1: a number said that is not the count
        tells products apart, however little its word weighs among the others.
        """
        if not numbers or not ranked or self._holds_numbers(ranked[0][0], numbers):
            return ranked
        top = ranked[0][1]
        fitting = [(i, s) for i, s in ranked if top - s < _NUMBER_WINDOW and self._holds_numbers(i, numbers)]
        if not fitting:
            return ranked
        lead = fitting[0][1]
        rest = [(i, min(s, lead - self._margin)) for i, s in ranked if (i, s) not in fitting]
        return [*fitting, *rest]

    def _prefer_fitting_packs(self, said: SaidCount | None, ranked: list[tuple[int, float]]) -> list[tuple[int, float]]:
        """Put first the candidates whose packs fit the count said (see :meth:`Product.pack_fit`).

        Among near-equal candidates, the best fit goes first and the others drop out of the tie: "a 12
        pack of coke" is the 12-pack, "eighteen eggs" the carton of 18, and "a dozen eggs" the carton of
        12 rather than two of 6 (the fewest packs). A candidate whose packs say otherwise (cans, for
        "six bottles of water") also gives way to one that fits within ``_PACK_WINDOW`` points: the
        shopper's habit lifts their usual product by less. A bare count ("eighteen eggs") counts items
        only when it does for the first candidate (at least one of its packs): "two paper towels" is two
        packs, whatever size other towels come in.
        """
        if said is None or len(ranked) < 2:
            return ranked
        top = ranked[0][1]
        if said.unit is None:
            first = self.products[ranked[0][0]].pack_count
            if first is None or first < 2 or said.count < first:
                return ranked
        window = [(i, s) for i, s in ranked[:3] if top - s < _PACK_WINDOW]
        fit = {i: self.products[i].pack_fit(said) for i, _ in window}
        if len(set(fit.values())) < 2 and max(fit.values()) < 2:
            return ranked
        if max(fit.values()) > 0:
            # Packs that say otherwise than what was said go after the rest of the window.
            kept = [(i, s) for i, s in window if fit[i] >= 0]
            lead = kept[0][1]
            dropped = [(i, min(s, lead - self._margin)) for i, s in window if fit[i] < 0]
            window = [*kept, *dropped]
        lead = window[0][1]
        close = [(i, s) for i, s in window if lead - s < self._margin]
        best = max(fit[i] for i, _ in close)
        fitting = [(i, s) for i, s in close if fit[i] == best]
        if best == 2:
            # A dozen eggs is one carton of 12 before two cartons of 6.
            packs = {i: self.products[i].packs_for(said).count for i, _ in fitting}
            fewest = min(packs.values())
            fitting = [(i, s) for i, s in fitting if packs[i] == fewest]
        lead = fitting[0][1]
        rest = [(i, s) for i, s in [*window, *ranked[len(window) :]] if (i, s) not in fitting]
        others = [(i, min(s, lead - self._margin)) for i, s in rest]
        return [*fitting, *sorted(others, key=lambda t: -t[1])]

    def _habit(self, history: Sequence[str]) -> dict[int, float]:
        """History strength per product index (0..1): purchase frequency with recency decay."""
        if not history:
            return {}
        index_of = self._index_of()
        strength: dict[int, float] = defaultdict(float)
        recent = list(history)[-200:]
        for age, product_id in enumerate(reversed(recent)):
            i = index_of.get(product_id)
            if i is not None:
                strength[i] += 0.85**age + 0.5
        if not strength:
            return {}
        top = max(strength.values())
        return {i: s / top for i, s in strength.items()}

    def _index_of(self) -> dict[str, int]:
        cached: dict[str, int] | None = getattr(self, "_ids", None)
        if cached is None:
            cached = {p.id: i for i, p in enumerate(self.products)}
            self._ids = cached
        return cached

    # ------------------------------------------------------------------------------------------ match
    def match(
        self, heard: str, *, history: Sequence[str] = (), limit: int = 5, count: int | None = None
    ) -> MatchResult:
        """Match a whole heard utterance to products.

        Parameters
        ----------
        heard
            What the recogniser heard, a whole utterance or a slot value. Never raises for odd input.
        history
            Keyword-only. Past purchased product ids of this shopper, most recent last.
        limit
            Keyword-only. Maximum number of candidates returned.
        count
            Keyword-only. A count heard apart from ``heard`` (Alexa's Quantity slot: "12" of "order 12
            cans of coke"), read together with it as the count said.

        Returns
        -------
        MatchResult
            ``MATCHED``, ``AMBIGUOUS`` (the close two or three) or ``NOT_FOUND`` (nearest suggestions).
        """
        if not isinstance(heard, str):
            return MatchResult(decision=Decision.NOT_FOUND)
        heard = heard[:MAX_INPUT_CHARS]
        options = said_readings(heard)
        said, phrase = options[0]
        if self._processor is not normalise:
            phrase = self._processor(phrase)
        # A size said looks past the first few: the products of that size may rank well below (see
        # _prefer_said_size).
        sized = said if count is None else said_count(heard, count=count)
        depth = _SIZE_DEPTH if sized is not None and sized.measured else max(limit, 3)
        if self._phone_model is not None:
            depth = max(depth, _PHONE_RERANK)
        ranked, positions = self._rank(phrase, history=history, limit=depth)
        for other_said, other_heard in options[1:]:
            # A bare leading number may belong to the name ("6 Cheese Italian ..."): keep that reading
            # only when it fits strictly better.
            other_phrase = other_heard if self._processor is normalise else self._processor(other_heard)
            other, other_positions = self._rank(other_phrase, history=history, limit=depth)
            if other and (not ranked or other[0][1] > ranked[0][1] + _READING_MARGIN):
                said, phrase, ranked, positions = other_said, other_phrase, other, other_positions
        if count is not None:
            said = sized
        wide = self._prefer_said_size(said, ranked, positions)
        ranked = wide[: max(limit, 3)]
        ranked = self._prefer_said_form(heard, ranked)
        ranked = self._prefer_fitting_packs(said, ranked)
        numbers = _said_numbers(phrase, positions)
        ranked = self._prefer_said_numbers(numbers, ranked)
        ranked = self._prefer_sound(options[0][1], phrase, ranked, wide)[: max(limit, 3)]
        limit = max(limit, 0)
        if (
            not ranked
            or ranked[0][1] < self._score_cutoff
            or (ranked[0][1] < _SURE_SCORE and self._evidence(positions, ranked[0][0]) < _MIN_EVIDENCE)
            or not self._holds_numbers(ranked[0][0], numbers)
        ):
            # Too weak, only sound-alike evidence, or another number: suggestions, never an order conversation.
            decision, shown = Decision.NOT_FOUND, limit
        else:
            top = ranked[0][1]
            close = sum(1 for _, s in ranked[:3] if top - s < self._margin)
            decision, shown = (Decision.AMBIGUOUS, min(close, limit)) if close > 1 else (Decision.MATCHED, limit)
            if (brand := self._brand_choice(phrase, ranked, history)) is not None:
                # A brand alone ("pampers"): which of its products, unless the shopper has theirs.
                ranked = [*brand, *(r for r in ranked if r not in brand)]
                decision, shown = Decision.AMBIGUOUS, min(len(brand), 3, limit)
        candidates = tuple(Candidate(product=self.products[i], score=round(min(100.0, s), 2)) for i, s in ranked)
        return MatchResult(
            decision=decision,
            candidates=candidates[:shown],
            quantity=said.count if said and said.whole else None,  # "2.5 bags of": no count
            said=said,
            query=phrase,
        )
