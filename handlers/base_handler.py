"""The base of our handlers: each receives the services in ``__init__`` and works on a ``Turn``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from handlers.base import Turn

if TYPE_CHECKING:
    from skill.bootstrap import Services

__all__ = ["Handler"]


class Handler(AbstractRequestHandler):  # type: ignore[misc]
    """A handler gets the services in ``__init__`` and answers one ``Turn``.

    A pending question (an order to confirm, a choice, a reorder prompt) is answered in the very next turn
    or not at all: every handler forgets it first, except those that answer it (``answers_pending``). So a
    "yes" after "what's in my cart" or a cart change can never confirm an older proposal. ("Help" keeps
    the question by asking it again, in full: the "yes" then answers what the shopper has just heard.)
    """

    answers_pending = False

    def __init__(self, services: Services) -> None:
        self.services = services

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input, self.services)
        if not self.answers_pending:
            turn.state.clear_pending()
        return self.respond(turn)

    def respond(self, turn: Turn) -> Response:
        raise NotImplementedError
