"""Typed text -> intent and slots, using only the interaction model (its samples and slot types).

A stand-in for Alexa's language understanding in the local console, with no second grammar to maintain:
every sample utterance becomes a pattern, slots capture what the shopper typed, custom slot values are
resolved the way Alexa's entity resolution reports them, and the most specific reading wins.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from catalog import digits_said, number_in

__all__ = ["Grammar", "Reading", "SlotReading", "number_value"]

_NUMBER_WORD = (
    r"(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    r"sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|"
    r"thousand|million|a|and|oh)"
)
_MINUS_RE = re.compile(r"(?<![\w.-])-(?=\d)")  # "-3" typed: a minus sign, said "minus three"
_SLOT_RE = re.compile(r"\{(\w+)\}")
_CLEAN_RE = re.compile(r"[^a-z0-9' ]+")
_DECIMAL_POINT_RE = re.compile(r"(?<=\d)\.(?=\d)")
_LAUNCH_RE = r"^(?:alexa\s+)?(?:open|launch|start|begin|run|load)\s+{name}$"
_ONE_SHOT_RE = (
    r"^(?:alexa\s+)?(?:ask|tell|use|have|open)\s+{name}\s+(?:to\s+|for\s+|and\s+|if\s+|whether\s+)?(?P<rest>.+)$"
)


def clean(text: str) -> str:
    # Alexa hears what is said: "2% milk" is typed, "two percent milk" is said; "21.76", "21 point 76".
    text = _DECIMAL_POINT_RE.sub(" point ", text.lower().replace("’", "'").replace("%", " percent "))
    text = _MINUS_RE.sub(" minus ", text)
    return " ".join(_CLEAN_RE.sub(" ", text).split())


def number_value(said: str) -> str | None:
    """The value Alexa sends in an AMAZON.NUMBER slot for ``said`` (cleaned text), or None if it is no number.

    Words that do not make one number ("forty five sixty seven": a cap in dollars and cents) are None, and
    left for another reading.

    Examples
    --------
    >>> [number_value(s) for s in ("a million", "a thousand and one", "minus 3", "one two three four", "a")]
    ['1000000', '1001', '-3', '1234', None]
    """
    words = said.split()
    sign = ""
    if words and words[0] in ("minus", "negative"):
        sign, words = "-", words[1:]
    if len(words) > 1 and all(word.isalpha() and len(digits_said(word) or "") == 1 for word in words):
        return sign + "".join(digits_said(word) or "" for word in words)  # digits read out one by one
    number = number_in(" ".join(words)) if words else None
    return sign + str(number) if number is not None else None


@dataclass(frozen=True)
class SlotReading:
    value: str
    resolved_ids: tuple[str, ...] = ()
    resolved_names: tuple[str, ...] = ()
    slot_type: str = ""


@dataclass(frozen=True)
class Reading:
    """What the console heard: a launch, an intent with slots, or a one-shot (launch + intent)."""

    kind: str  # "launch", "intent"
    intent: str | None = None
    slots: dict[str, SlotReading] = field(default_factory=dict)
    new_session: bool = False


@dataclass(frozen=True)
class _Pattern:
    intent: str
    regex: re.Pattern[str]
    literal_words: int
    slot_types: dict[str, str]


class Grammar:
    def __init__(self, model: dict[str, Any]) -> None:
        language = model["interactionModel"]["languageModel"]
        self.invocation = clean(language["invocationName"])
        self._types: dict[str, dict[str, list[tuple[str, str]]]] = {}
        for slot_type in language.get("types", []):
            index: dict[str, list[tuple[str, str]]] = {}
            for value in slot_type["values"]:
                name = value["name"]["value"]
                for said in [name, *value["name"].get("synonyms", [])]:
                    index.setdefault(clean(said), []).append((value.get("id") or name, name))
            self._types[slot_type["name"]] = index
        self._patterns = [
            self._compile(intent["name"], sample, {s["name"]: s["type"] for s in intent.get("slots", [])})
            for intent in language["intents"]
            for sample in intent.get("samples", [])
        ]
        name = re.escape(self.invocation).replace(r"\ ", r"\s+")
        self._launch = re.compile(_LAUNCH_RE.format(name=name))
        self._one_shot = re.compile(_ONE_SHOT_RE.format(name=name))

    @classmethod
    def from_file(cls, path: Path) -> Grammar:
        return cls(json.loads(path.read_text()))

    def _compile(self, intent: str, sample: str, slot_types: dict[str, str]) -> _Pattern:
        parts, literal = [], 0
        for token in sample.split():
            match = _SLOT_RE.fullmatch(token)
            if match is None:
                parts.append(re.escape(clean(token)))
                literal += 1
                continue
            slot = match.group(1)
            parts.append(f"(?P<{slot}>{self._slot_pattern(slot_types[slot])})")
        return _Pattern(intent, re.compile("^" + r"\s+".join(parts) + "$"), literal, slot_types)

    @staticmethod
    def _slot_pattern(slot_type: str) -> str:
        if slot_type == "AMAZON.NUMBER":
            # digits ("12", "5 million") or words ("a thousand and one"), never the two run together ("two 2%")
            number = rf"(?:\d+(?:\s+(?:hundred|thousand|million))*|{_NUMBER_WORD}(?:\s+{_NUMBER_WORD})*)"
            return rf"(?:(?:minus|negative)\s+)?{number}"
        if slot_type == "AMAZON.FOUR_DIGIT_NUMBER":
            digit = r"(?:zero|oh|one|two|three|four|five|six|seven|eight|nine|\d)"
            return rf"(?:\d{{4}}|{digit}(?:\s+{digit}){{3}})"
        return r".+?"

    def read(self, text: str) -> Reading:
        said = clean(text)
        if not said:
            return Reading(kind="intent", intent="AMAZON.FallbackIntent")
        if self._launch.match(said) or said == self.invocation:
            return Reading(kind="launch", new_session=True)
        one_shot = self._one_shot.match(said)
        if one_shot:
            reading = self._intent(one_shot.group("rest"))
            return Reading(kind="intent", intent=reading.intent, slots=reading.slots, new_session=True)
        return self._intent(said)

    def _intent(self, said: str) -> Reading:
        best: tuple[float, Reading] | None = None
        for pattern in self._patterns:
            match = pattern.regex.match(said)
            if match is None:
                continue
            slots, score = {}, 2.0 * pattern.literal_words
            for slot, value in match.groupdict().items():
                slot_type = pattern.slot_types[slot]
                reading = self._slot(value, slot_type)
                if reading is None:
                    break
                slots[slot] = reading
                if slot_type.startswith("AMAZON."):
                    score += 2.5
                elif reading.resolved_ids:
                    score += 3.0
                else:
                    score -= 0.01 * len(value)
            else:
                if best is None or score > best[0]:
                    best = (score, Reading(kind="intent", intent=pattern.intent, slots=slots))
        return best[1] if best else Reading(kind="intent", intent="AMAZON.FallbackIntent")

    def _slot(self, value: str, slot_type: str) -> SlotReading | None:
        if slot_type == "AMAZON.NUMBER":
            number = number_value(value)
            return SlotReading(number, slot_type=slot_type) if number is not None else None
        if slot_type == "AMAZON.FOUR_DIGIT_NUMBER":
            digits = digits_said(value) or ""
            return SlotReading(digits, slot_type=slot_type) if len(digits) == 4 else None
        matches = self._types.get(slot_type, {}).get(clean(value), [])
        unique = list(dict.fromkeys(matches))
        return SlotReading(
            value,
            resolved_ids=tuple(i for i, _ in unique),
            resolved_names=tuple(n for _, n in unique),
            slot_type=slot_type,
        )
