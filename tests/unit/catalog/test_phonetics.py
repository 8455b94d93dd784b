from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from catalog import phonetics
from catalog.phonetics import VOWEL, collapse, join_keys, phrase_key, sound_key


def test_a_word_heard_as_several_sound_alike_words_has_the_same_sound_key() -> None:
    # GIVEN "seitan", which a recogniser heard as "say add ten" (digits as the normaliser leaves them)
    # WHEN both are keyed, word boundaries dropped
    # THEN the keys are the same
    assert phrase_key(["say", "add", "10"]) == sound_key("seitan")


def test_a_sound_doubled_across_a_word_boundary_counts_once() -> None:
    # GIVEN "sweet ten", which is how "sweetened" was heard
    # WHEN keyed together
    key = phrase_key(["sweet", "ten"])
    # THEN the t at the boundary is one t, and only the final d of "sweetened" is missing
    assert key + "t" == sound_key("sweetened")
    assert collapse("sswwaat") == "swat"


def test_voiced_and_voiceless_pairs_and_all_vowels_share_a_letter() -> None:
    # GIVEN words differing only in voicing or in their vowel
    # WHEN keyed
    # THEN they are one key each pair; different consonants still differ
    assert sound_key("bat") == sound_key("pet")
    assert sound_key("gold") == sound_key("colt")
    assert sound_key("bat") != sound_key("mat")


def test_a_word_the_dictionary_lacks_is_keyed_by_letter_rules() -> None:
    # GIVEN a brand word that is not an English word
    # WHEN keyed
    key = sound_key("choconut")
    # THEN the key comes from its spelling: ch, vowel, k, vowel, n, vowel, t
    assert key == f"c{VOWEL}k{VOWEL}n{VOWEL}t"


def test_numbers_are_keyed_as_said() -> None:
    # GIVEN a count the normaliser turned into digits
    # WHEN keyed
    # THEN it sounds like the number word
    assert sound_key("10") == sound_key("ten")


def test_without_the_dictionary_every_word_still_gets_a_key(monkeypatch: pytest.MonkeyPatch) -> None:
    # GIVEN no pronouncing dictionary installed
    monkeypatch.setattr(phonetics, "_dictionary", dict)
    sound_key.cache_clear()
    try:
        # WHEN words are keyed
        key = phrase_key(["say", "add", "ten"])
        # THEN the letter rules still key them, and the split word still meets the whole one
        assert key == sound_key("seitan")
    finally:
        sound_key.cache_clear()


@given(st.lists(st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=12), max_size=5))
def test_joining_word_keys_drops_exactly_the_sounds_doubled_across_boundaries(words: list[str]) -> None:
    # GIVEN any folded words, keyed one by one
    keys = [sound_key(word) for word in words]
    # WHEN their keys are joined
    joined = join_keys(keys)
    # THEN it is the plain join with every run collapsed, and it has no run left
    assert joined == collapse("".join(keys))
    assert collapse(joined) == joined


def test_a_word_has_its_dictionary_phones_without_stress_or_those_of_its_parts_or_letters() -> None:
    # GIVEN a dictionary word, a word joined from two, a number and a brand word
    # WHEN their full phones are read
    # THEN they are the dictionary's (stress dropped), its parts', the number's as said, the letters'
    assert phonetics.word_phones("tide") == ("T", "AY", "D")
    assert phonetics.word_phones("lowfat") == phonetics.phrase_phones(["low", "fat"])
    assert phonetics.word_phones("24") == phonetics.phrase_phones(["twenty", "four"])
    assert phonetics.word_phones("choconut") == ("CH", "AA", "K", "AA", "N", "AH", "T")
