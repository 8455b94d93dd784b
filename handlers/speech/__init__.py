"""Everything the shopper hears, rendered from one string table per locale.

``Speech.say(key, **values)`` formats the locale's template with SSML-escaped values, so a product called
"Head & Shoulders" can never break the response. Locale modules hold the templates and the few
language rules (plurals, lists, money) that templates need.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from types import ModuleType
from typing import Any
from xml.sax.saxutils import escape

__all__ = ["DEFAULT_LOCALE", "SUPPORTED_LOCALES", "Speech", "escape_ssml", "for_locale"]

DEFAULT_LOCALE = "en-US"
SUPPORTED_LOCALES = ("en-US",)
_SSML_ENTITIES = {'"': "&quot;", "'": "&apos;"}
# A phrase the shopper said is read back ("I couldn't find {heard}") only up to this long; else as "that".
_ECHO_MAX_CHARS = 60
_ECHO_MAX_WORDS = 8
# Characters XML 1.0 forbids (NUL, ESC, U+FFFE ...) and other control characters: never read back, since
# one would make the whole <speak> document invalid.
_UNSPEAKABLE_RE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]+")
# The reprompts of an answer that asks nothing of its own: "What else can I do?", "You can say, order coffee ..."
_GENERIC_REPROMPTS = ("anything_else", "reprompt_main")


def escape_ssml(text: str) -> str:
    """Escape the five XML special characters, so text is safe inside ``<speak>``.

    Examples
    --------
    >>> escape_ssml("Head & Shoulders <2-in-1>")
    'Head &amp; Shoulders &lt;2-in-1&gt;'
    """
    return escape(text, _SSML_ENTITIES)


class Raw(str):
    """Already-rendered SSML that ``say`` must not escape again (a fragment from another ``say``)."""


@dataclass(frozen=True)
class Speech:
    locale: str
    _strings: ModuleType

    def say(self, key: str, **values: Any) -> str:
        template: str = self._strings.MESSAGES[key]
        return template.format(**{name: self._render(value) for name, value in values.items()})

    def text(self, key: str, **values: Any) -> str:
        """Plain text for cards (no SSML, no escaping)."""
        template: str = self._strings.CARDS[key]
        return template.format(**{name: self._plain(value) for name, value in values.items()})

    def raw(self, key: str, **values: Any) -> Raw:
        return Raw(self.say(key, **values))

    def heard(self, phrase: str) -> str:
        """A phrase the shopper said, as it may be read back: a long or garbled one is "that" (speech has a
        length limit, and no one wants a minute of their own words). Every heard phrase said goes through here.

        Examples
        --------
        >>> for_locale("en-US").heard("bounty paper towels"), for_locale("en-US").heard("a " * 40)
        ('bounty paper towels', 'that')
        >>> for_locale("en-US").heard("paper\\x00towels\\x1b")
        'paper towels'
        """
        phrase = " ".join(_UNSPEAKABLE_RE.sub(" ", phrase).split())
        if not phrase or len(phrase) > _ECHO_MAX_CHARS or len(phrase.split()) > _ECHO_MAX_WORDS:
            return self.say("that")
        return phrase

    def named(self, phrase: str) -> str:
        """A product of a spoken list as the shopper said it, to name it ("Next, ...", "starting with ..."): as
        said, or when long its first words, cut as :meth:`heard` would cut it. Never "that": the shopper must
        hear which product of their list is meant.

        Examples
        --------
        >>> for_locale("en-US").named("dove advanced care antiperspirant deodorant original clean scent for men")
        'dove advanced care antiperspirant deodorant original clean'
        >>> for_locale("en-US").named("old spice high endurance deodorant pure sport with aloe")
        'old spice high endurance deodorant pure sport'
        """
        return str(self._strings.shortened(phrase, _ECHO_MAX_CHARS, _ECHO_MAX_WORDS))

    def money(self, amount: Decimal) -> str:
        return str(self._strings.money(amount))

    def count(self, quantity: int, unit: str) -> str:
        return str(self._strings.count(quantity, unit))

    def count_of(self, quantity: int, unit: str, name: str) -> Raw:
        """``count_of(2, "bag", "Peet's")`` -> "two bags of Peet&apos;s" (escaped); "one Tillamook Cheddar" for
        a product sold by the "item"."""
        return Raw(self._strings.count_of(quantity, unit, escape_ssml(name)))

    def size(self, measure: tuple[Decimal, str]) -> str:
        """A pack's size as said before its name: ``(Decimal("0.5"), "gal")`` -> "half-gallon"."""
        return str(self._strings.size(*measure))

    def sized_count(self, quantity: int, unit: str, measure: tuple[Decimal, str]) -> str:
        """``sized_count(4, "carton", (Decimal("0.5"), "gal"))`` -> "four half-gallon cartons"."""
        return str(self._strings.sized_count(quantity, unit, *measure))

    def sized_count_of(self, quantity: int, unit: str, measure: tuple[Decimal, str], name: str) -> Raw:
        """``sized_count_of(1, "jug", (Decimal(1), "gal"), "Milk")`` -> "one gallon jug of Milk" (escaped)."""
        return Raw(self._strings.sized_count_of(quantity, unit, *measure, escape_ssml(name)))

    def plural(self, unit: str) -> str:
        """``plural("carton")`` -> "cartons"."""
        return str(self._strings.plural(unit, 2))

    def pack_word(self, unit: str) -> str:
        """What one pack of a product sold by ``unit`` is called ("carton"; "pack" for "item")."""
        return str(self._strings.pack_word(unit))

    def duration(self, seconds: float) -> str:
        return str(self._strings.duration(seconds))

    def clock(self, moment: datetime, timezone: str | None) -> str:
        return str(self._strings.clock(moment, timezone))

    def every(self, days: float) -> str:
        return str(self._strings.every(days))

    def days(self, amount: float) -> str:
        return str(self._strings.days(amount))

    def when(self, days_ago: int) -> str:
        return str(self._strings.when(days_ago))

    def join(self, parts: Sequence[str], *, conjunction: str = "and") -> Raw:
        return Raw(self._strings.join([p if isinstance(p, Raw) else escape_ssml(p) for p in parts], conjunction))

    def repeated(self, what: str, times: int) -> str:
        """What was done ``times`` times ("one pack of towels twice"); plain text, escaped where it is said, or
        rendered SSML (:meth:`count_of`) that stays rendered."""
        said = str(self._strings.repeated(what, times))
        return Raw(said) if isinstance(what, Raw) else said

    def ordinal(self, index: int) -> str:
        return str(self._strings.ordinal(index))

    def said_before_close(self, said: str, reprompt: str) -> str | None:
        """What an answer (``said``, then ``reprompt``) says before its generic close ("What else can I do?"),
        when it asks nothing else; ``None`` when it asks a question of its own ("Would you like to order it?",
        "What would you like instead?"). Which closes are generic, and what ends a question, are the locale's.

        Examples
        --------
        >>> en = for_locale("en-US")
        >>> en.said_before_close("Okay, I won't order it. What else can I do?", en.say("anything_else"))
        "Okay, I won't order it."
        >>> en.said_before_close("Milk is $3.49. Would you like to order it?", en.say("anything_else")) is None
        True
        >>> en.said_before_close("Which one?", "Which one would you like?") is None
        True
        """
        if reprompt not in (self.say(key) for key in _GENERIC_REPROMPTS):
            return None
        before: str | None = self._strings.before_close(said, self.say("anything_else"))
        return before

    def _render(self, value: Any) -> str:
        if isinstance(value, Raw):
            return value
        if isinstance(value, Decimal):
            return escape_ssml(self.money(value))
        return escape_ssml(str(value))

    def _plain(self, value: Any) -> str:
        if isinstance(value, Decimal):
            return self.money(value)
        return str(value)


def for_locale(locale: str | None) -> Speech:
    """The speech table for ``locale``, falling back to the default locale for any other."""
    chosen = locale if locale in SUPPORTED_LOCALES else DEFAULT_LOCALE
    module = importlib.import_module(f"handlers.speech.{chosen.replace('-', '_')}")
    return Speech(locale=chosen, _strings=module)
