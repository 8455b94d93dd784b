"""Predictive reorder: which consumables a shopper is running low on, and when the others will.

Pure Python (no AWS, no numpy). Public API:

* :class:`ReorderModel` -- ``fit(histories, *, category_of=None)``, ``predict(history, now, *,
  feedback=())``, ``to_dict``/``from_dict``, ``save``/``load``;
* :class:`DueItem`, :class:`Feedback`, :class:`FeedbackKind`, :class:`ReorderSettings`;
* errors: :class:`ReorderError`, :class:`ReorderInputError`, :class:`ReorderModelFileError`,
  :class:`CapBelowOneOrderError`, :class:`CapTooHighError`, :class:`NeverOrderedError`.
"""

from __future__ import annotations

from reorder.exceptions import (
    CapBelowOneOrderError,
    CapTooHighError,
    NeverOrderedError,
    ReorderError,
    ReorderInputError,
    ReorderModelFileError,
)
from reorder.feedback import Feedback, FeedbackKind
from reorder.model import DueItem, ReorderModel, ReorderSettings

__all__ = [
    "CapBelowOneOrderError",
    "CapTooHighError",
    "DueItem",
    "Feedback",
    "FeedbackKind",
    "NeverOrderedError",
    "ReorderError",
    "ReorderInputError",
    "ReorderModel",
    "ReorderModelFileError",
    "ReorderSettings",
]
