from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from catalog.channel import GAP, MISSING_GAP, MISSING_SUBSTITUTION, PhoneModel, local_scores, packaged_model
from catalog.phonetics import phrase_phones

_PHONES = ["AA", "B", "K", "S", "T"]
_SPOKEN = [*_PHONES, "ZH"]  # "ZH": a phone the models below never name
_PAIRS = st.dictionaries(
    st.tuples(st.sampled_from(_PHONES), st.sampled_from(_PHONES)), st.floats(min_value=-6.0, max_value=6.0), max_size=25
)
_GAPS = st.dictionaries(
    st.sampled_from(_PHONES).flatmap(lambda p: st.sampled_from([(p, GAP), (GAP, p)])),
    st.floats(min_value=-6.0, max_value=0.0),
    max_size=10,
)
_SCORES = st.builds(lambda pairs, gaps: {**pairs, **gaps}, _PAIRS, _GAPS)
_PHRASE = st.lists(st.sampled_from(_SPOKEN), max_size=12)


@given(_SCORES, _PHRASE, st.lists(_PHRASE, max_size=8))
def test_the_c_alignment_scores_every_name_as_the_pure_python_one_does_with_the_same_gaps(
    scores: dict[tuple[str, str], float], heard: list[str], names: list[list[str]]
) -> None:
    # GIVEN any model (gaps at most 0; pairs it lacks score the defaults), any heard phones and any names,
    # empty ones too
    model = PhoneModel(scores)
    # WHEN the names are scored by the aligner, and by the pure-Python reference under the scores the
    # model uses (its substitutions, and one deletion and one insertion score, the means of the given,
    # for every phone: those it lacks too)
    fast = model.local_scores(heard, names)
    gaps = {(p, GAP): model.deletion for p in _SPOKEN} | {(GAP, p): model.insertion for p in _SPOKEN}
    slow = local_scores(heard, names, model.scores() | gaps)
    # THEN the scores are the same
    assert fast == pytest.approx(slow, abs=1e-6)


def test_the_gap_scores_are_the_means_of_the_models_and_pairs_it_lacks_score_the_defaults() -> None:
    # GIVEN a model naming two phones, with a deletion score for one only
    model = PhoneModel({("AA", "B"): 1.0, ("AA", GAP): -1.0, (GAP, "B"): -3.0})
    # WHEN asked for the scores it uses
    scores = model.scores()
    # THEN each gap scores the mean over the phones (the defaults for the ones it lacks), the missing pairs
    # the default substitution
    assert scores[("AA", GAP)] == scores[("B", GAP)] == pytest.approx((-1.0 + MISSING_GAP) / 2)
    assert scores[(GAP, "AA")] == scores[(GAP, "B")] == pytest.approx((-3.0 + MISSING_GAP) / 2)
    assert scores[("B", "AA")] == MISSING_SUBSTITUTION


def test_a_gap_scoring_above_zero_is_refused() -> None:
    # GIVEN a model where hearing an extra phone would gain
    # WHEN built
    # THEN it is refused (an alignment would grow without end)
    with pytest.raises(ValueError, match="gap"):
        PhoneModel({(GAP, "AA"): 0.5})


def test_a_model_built_from_its_own_scores_scores_alike() -> None:
    # GIVEN the packaged model
    model = packaged_model()
    # WHEN built again from every pair it scores
    again = PhoneModel(model.scores())
    # THEN it has the same phones and scores
    assert again.phones == model.phones
    assert again.scores() == pytest.approx(model.scores())


def test_the_packaged_model_hears_a_misheard_phrase_as_the_name_it_sounds_like() -> None:
    # GIVEN what a recogniser heard for "tide pods", and two names
    heard = phrase_phones(["tied", "pots"])
    names = [phrase_phones(["tide", "pods"]), phrase_phones(["tidy", "cats"])]
    # WHEN aligned under the model learned from the development data
    fits = packaged_model().local_scores(heard, names)
    # THEN the name it sounds like fits far better
    assert fits[0] > fits[1] + 3.0
