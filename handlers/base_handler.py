"""The base of our handlers: each receives the services in ``__init__`` and works on a ``Turn``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from handlers.base import Turn
from handlers.flows import prompt_after, prompt_again, run_listeners_pending, settle_unknown_outcome
from handlers.session import Awaiting

if TYPE_CHECKING:
    from skill.bootstrap import Services

__all__ = ["Handler"]


class Handler(AbstractRequestHandler):  # type: ignore[misc]
    """A handler gets the services in ``__init__`` and answers one ``Turn``.

    A pending question (an order to confirm, a choice, a reorder prompt) is answered in the very next turn
    or not at all: every handler forgets it first, except when it answers that kind of question
    (``answers_pending``: ``True`` for any, or the :class:`Awaiting` kinds it answers). So a "yes" after
    "what's in my cart", a cart change or "the second one" with no choice offered can never confirm an
    older proposal. ("Help" keeps the question by asking it again, in full: the "yes" then answers what
    the shopper has just heard.)

    A reorder prompt ("Shall I order paper towels?") is not forgotten but set aside by a request said in its place
    ("what's in my cart"): it is asked again after the answer, or once the question that answer asks is settled
    (:func:`handlers.flows.prompt_after`, :func:`handlers.flows.prompt_again`).
    """

    answers_pending: bool | frozenset[Awaiting] = False
    #: Whether it answers an order of unknown outcome pending itself (a yes, a no, a stop) or asks about it again
    #: (help); any other request first finds out whether that order went through (``flows.settle_unknown_outcome``).
    keeps_unknown_outcome = False

    def __init__(self, services: Services) -> None:
        self.services = services

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input, self.services)
        # The account unresolved, the shopper's orders cannot be read: both wait in the session for a later request.
        if turn.state.listeners_pending and not turn.account_unresolved:
            run_listeners_pending(turn)
        if turn.state.outcome_unknown and not self.keeps_unknown_outcome and not turn.account_unresolved:
            settle_unknown_outcome(turn)
        answers = self.answers_pending
        if answers is not True and (answers is False or turn.state.awaiting not in answers):
            prompt_after(turn.state)
            turn.state.clear_pending()
        response = self.respond(turn)
        return prompt_again(turn) or response

    def respond(self, turn: Turn) -> Response:
        raise NotImplementedError
