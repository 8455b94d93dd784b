"""Small helpers every handler shares: reading slots, the session state, and building replies."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import IntentRequest, Response
from ask_sdk_model.slu.entityresolution import StatusCode

from handlers.session import SessionState
from handlers.speech import Speech, for_locale
from orders import HISTORY_ORDERS

if TYPE_CHECKING:
    from collections.abc import Sequence

    from orders import Limits, Order, ShopperProfile
    from skill.bootstrap import Services

__all__ = ["Done", "ProfileRead", "Slot", "Turn", "intent_name", "is_intent", "remember_profile", "slot"]

STATE_KEY = "state"
SPEECH_KEY = "speech"
SHOPPER_KEY = "shopper_id"
LINK_FAILED_KEY = "account_link_failed"  # Login with Amazon refused the token
LINK_UNCHECKED_KEY = "account_link_unchecked"  # Login with Amazon could not be asked (unreachable, a 5xx)
DONE_KEY = "done"
PROFILE_KEY = "profile"


def intent_name(handler_input: HandlerInput) -> str | None:
    request = handler_input.request_envelope.request
    if isinstance(request, IntentRequest) and request.intent is not None:
        return str(request.intent.name)
    return None


def is_intent(handler_input: HandlerInput, *names: str) -> bool:
    return intent_name(handler_input) in names


@dataclass(frozen=True)
class Slot:
    """A slot as heard (``value``) and, when Alexa's entity resolution matched, the resolved id."""

    value: str | None
    resolved_id: str | None = None
    resolved_name: str | None = None


def slot(handler_input: HandlerInput, name: str) -> Slot:
    request = handler_input.request_envelope.request
    if not isinstance(request, IntentRequest) or request.intent is None or not request.intent.slots:
        return Slot(value=None)
    raw = request.intent.slots.get(name)
    if raw is None:
        return Slot(value=None)
    value = (raw.value or "").strip() or None
    resolutions = getattr(raw, "resolutions", None)
    for authority in getattr(resolutions, "resolutions_per_authority", None) or []:
        status = getattr(getattr(authority, "status", None), "code", None)
        # Several values (a synonym shared by close products) is no resolution: the matcher decides.
        if status == StatusCode.ER_SUCCESS_MATCH and authority.values and len(authority.values) == 1:
            resolved = authority.values[0].value
            return Slot(value=value, resolved_id=resolved.id, resolved_name=resolved.name)
    return Slot(value=value)


@dataclass(frozen=True)
class ProfileRead:
    """The shopper's profile as read (``None``: none yet) when the shopping service had made ``saves`` profile
    writes: stale once it has made more."""

    saves: int
    profile: ShopperProfile | None


@dataclass(frozen=True)
class Done:
    """Something a request has done for good, as said ("Done. I've ordered ..."), and the products of a list
    taken one at a time still to come then (as said)."""

    news: str
    list_rest: list[str]


class Turn:
    """One request's view: services, speech, session state, the shopper; and the reply being built."""

    def __init__(self, handler_input: HandlerInput, services: Services) -> None:
        self.input = handler_input
        self.services = services
        attributes = handler_input.attributes_manager.request_attributes
        self.speech: Speech = attributes.get(SPEECH_KEY) or for_locale(None)
        self.state: SessionState = attributes.get(STATE_KEY) or SessionState()
        attributes[STATE_KEY] = self.state
        self.shopper_id: str = attributes.get(SHOPPER_KEY) or _user_id(handler_input)
        #: Said before the next ``ask`` ("One at a time: ..."), already rendered.
        self.lead = ""
        #: Said before everything else this request answers (before ``lead``): news of an earlier request's order
        #: found now ("Your order did go through: ..."), whichever handler answers.
        self.news = ""
        #: What this request's answer (:meth:`ask`) says before its generic close ("What else can I do?") when it
        #: asks nothing else (:meth:`Speech.said_before_close`); ``None`` before one, when it asks a question of its
        #: own, or when it ends the session.
        self.said_before_close: str | None = None
        #: The receipt cards of the orders followed up this request, each a title and its content: one card
        #: lists them all (a launch can find several orders to tell of).
        self.receipts: list[tuple[str, str]] = []
        self._recent_orders: Sequence[Order] | None = None
        self._history: list[str] | None = None
        self._locked_now = False

    @property
    def request_id(self) -> str | None:
        """Alexa's id for this request, the same when it is delivered again (a write keyed on it is made once)."""
        return getattr(self.input.request_envelope.request, "request_id", None)

    @property
    def account_unresolved(self) -> bool:
        """Whether this request's account is not known: Login with Amazon could not tell it (it refused the token,
        or was out of reach), or account linking is required and the request carries no token (help, stop and
        home are answered without one). :attr:`shopper_id` is then the Alexa user id, no shopper's, so no order of
        the shopper's is read, nor anything done for it, through it (an order of unknown outcome would be "not
        placed", order listeners owed would run for no one): they wait for a request with the account."""
        attributes = self.input.attributes_manager.request_attributes
        if attributes.get(LINK_FAILED_KEY) or attributes.get(LINK_UNCHECKED_KEY):
            return True
        return self.services.settings.require_account_linking and not _access_token(self.input)

    @property
    def done(self) -> Done | None:
        """What this request has already done for good (see :meth:`record_done`), if anything."""
        done = self.input.attributes_manager.request_attributes.get(DONE_KEY)
        return done if isinstance(done, Done) else None

    def record_done(self, news: str) -> None:
        """Record that this request has done something for good (an order placed, a cart write), said as
        ``news``, after what it has done before (each product of a list added in turn): whatever fails after
        it, the error's answer says it first, and never that nothing was ordered or changed."""
        listed = self.state.listed
        rest = list(listed.heard) if listed is not None else []
        if (done := self.done) is not None:
            news = f"{done.news} {news}"
        self.input.attributes_manager.request_attributes[DONE_KEY] = Done(news=news, list_rest=rest)

    @property
    def recent_orders(self) -> Sequence[Order]:
        """The shopper's recent orders, newest first, read once per request: what :attr:`history` is made of, and
        what a launch looks among for orders never followed up."""
        if self._recent_orders is None:
            self._recent_orders = self.services.shopping.recent_orders(self.shopper_id, limit=HISTORY_ORDERS)
        return self._recent_orders

    @property
    def history(self) -> list[str]:
        """The shopper's purchased product ids, oldest first: read once per request (a list names several)."""
        if self._history is None:
            self._history = self.services.shopping.purchase_history(self.shopper_id, among=self.recent_orders)
        return self._history

    @property
    def profile(self) -> ShopperProfile | None:
        """The shopper's profile (``None``: none yet), read once per request (a yes asks for the lock, the voice
        code, the time zone and the limits), and read again after a profile write (a voice code tried, reminders
        turned on). The request interceptor hands on its own read (:func:`remember_profile`)."""
        attributes = self.input.attributes_manager.request_attributes
        shopping = self.services.shopping
        read = attributes.get(PROFILE_KEY)
        if not isinstance(read, ProfileRead) or read.saves != shopping.profiles_saved:
            saves = shopping.profiles_saved
            read = attributes[PROFILE_KEY] = ProfileRead(saves, shopping.find_profile(self.shopper_id))
        return read.profile

    @property
    def limits(self) -> Limits:
        """The shopper's order limits (:attr:`profile`'s, the default ones without a profile)."""
        return self.services.shopping.limits_for(self.profile)

    @property
    def ordering_locked(self) -> bool:
        """Whether three wrong voice codes have locked voice ordering (:attr:`profile`);
        :meth:`note_ordering_locked` when this request locks it."""
        if self._locked_now:
            return True
        profile = self.profile
        return profile is not None and profile.voice_ordering_locked

    def note_ordering_locked(self) -> None:
        """This request's wrong voice code has just locked voice ordering: what follows in it offers no order."""
        self._locked_now = True

    def slot(self, name: str) -> Slot:
        return slot(self.input, name)

    def save_session(self) -> None:
        """Write the state into the response now (exception handlers: ASK skips response interceptors)."""
        if self.input.request_envelope.session is not None:
            self.input.attributes_manager.session_attributes = self.state.dump()

    def ask(self, speech: str, reprompt: str, *, again: bool = False, repeat: str | None = None) -> Response:
        """Say ``speech`` and wait for an answer. With ``again``, the pending question is asked again, as it is
        or after something said about it ("X is the cheapest I have."): what help and "maybe" repeat stays
        the question as first asked in full, with its names and money. ``repeat``: what "say that again" says
        next, when not all of this (the question alone, not help's answer about it)."""
        pending = self.state.awaiting is not None
        self.state.question = reprompt if pending else None
        if not (again and pending and self.state.asked):
            self.state.asked = speech if pending else None  # the question, without the lead's news
        speech = self.said(speech)
        self.state.last_speech = repeat or speech
        self.said_before_close = self.speech.said_before_close(speech, reprompt)
        return self.input.response_builder.speak(speech).ask(reprompt).response

    def tell(self, speech: str) -> Response:
        """Say ``speech`` (after :attr:`news` and :attr:`lead`) and end the session."""
        self.said_before_close = None
        return self.input.response_builder.speak(self.said(speech)).set_should_end_session(True).response

    def said(self, speech: str) -> str:
        """``speech`` as this request's answer says it: after :attr:`news`, then :attr:`lead` (each said once).
        :meth:`ask` and :meth:`tell` say it so; an answer built on the response builder must too."""
        said = " ".join(part for part in (self.news, self.lead, speech) if part)
        self.news = self.lead = ""
        return said

    def card(self, title: str, content: str) -> None:
        from ask_sdk_model.ui import SimpleCard

        self.input.response_builder.set_card(SimpleCard(title=title, content=content))

    def directive(self, directive: Any) -> None:
        self.input.response_builder.add_directive(directive)


def remember_profile(handler_input: HandlerInput, services: Services, profile: ShopperProfile) -> None:
    """``profile``, just read (or written) before any :class:`Turn`, is this request's :attr:`Turn.profile`."""
    read = ProfileRead(services.shopping.profiles_saved, profile)
    handler_input.attributes_manager.request_attributes[PROFILE_KEY] = read


def _access_token(handler_input: HandlerInput) -> str | None:
    system = handler_input.request_envelope.context.system
    user = system.user if system else None
    return user.access_token if user is not None and user.access_token else None


def _user_id(handler_input: HandlerInput) -> str:
    system = handler_input.request_envelope.context.system
    return str(system.user.user_id) if system and system.user else "anonymous"
