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
    def __init__(self, services: Services) -> None:
        self.services = services

    def handle(self, handler_input: HandlerInput) -> Response:
        return self.respond(Turn(handler_input, self.services))

    def respond(self, turn: Turn) -> Response:
        raise NotImplementedError
