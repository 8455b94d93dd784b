"""The typed session state carried in Alexa session attributes (never a stringly dict)."""

from __future__ import annotations

import enum

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from catalog import SaidCount

__all__ = ["ASKED_FOR", "Awaiting", "CartChange", "Item", "Listed", "SessionState"]


class Awaiting(enum.StrEnum):
    """What the shopper's next yes, no, number or name answers."""

    ORDER_CONFIRMATION = "order_confirmation"
    VOICE_CODE = "voice_code"
    PRODUCT_CHOICE = "product_choice"
    CANCEL_CONFIRMATION = "cancel_confirmation"
    SUGGESTION = "suggestion"  # "the closest I have is X; would you like that?"; "I have X only in packs of 12 ..."
    PRICE_OFFER = "price_offer"  # "X is $4.79 for one carton. Would you like to order it?"
    REORDER_PROMPT = "reorder_prompt"  # "you're probably running low on X; shall I order it?"
    QUANTITY = "quantity"  # "how many would you like?" about one product (``choices[0]``)
    # "which product would you like?" after a count alone ("order two"); "which product do you mean?" after a
    # reorder answer that names none sure ("I don't need the stuff"), or "which one should I stop?"
    PRODUCT = "product"
    AUTO_REORDER_CAP = "auto_reorder_cap"  # "what's the most I should spend on X each month?"
    AUTO_REORDER_CONFIRMATION = "auto_reorder_confirmation"  # "should I reorder X automatically, up to ...?"
    CART_LINE = "cart_line"  # "your cart has A and B; which one should I remove?" (``choices``, ``cart_change``)
    EMPTY_CART_CONFIRMATION = "empty_cart_confirmation"  # "empty your cart of three items?"


# Questions about a product the shopper asked for, before its read-back: an addition ("and eggs") said there
# comes after it.
ASKED_FOR = frozenset({Awaiting.PRODUCT_CHOICE, Awaiting.SUGGESTION, Awaiting.QUANTITY})


class Item(BaseModel):
    model_config = ConfigDict(frozen=True)

    product_id: str
    quantity: int = Field(gt=0)
    sized: bool = False  # the shopper said a size ("a gallon of milk"): the read-back says the product's


class CartChange(BaseModel):
    """A cart change waiting for the shopper to say which line: "remove" it (``quantity`` fewer when a count
    was said, else all of it) or "change" it to ``quantity``; with ``checkout``, then the check-out again."""

    model_config = ConfigDict(frozen=True)

    action: str  # "remove" or "change"
    quantity: int | None = None
    checkout: bool = False  # asked at the check-out's read-back: it is read back again after the change


class Listed(BaseModel):
    """A spoken list taken one product at a time: the products still to come, as said, and what to do with them."""

    model_config = ConfigDict(frozen=True)

    heard: list[str]
    action: str = "order"  # "order" or "add_to_cart"


class SessionState(BaseModel):
    model_config = ConfigDict(extra="ignore")

    awaiting: Awaiting | None = None
    # The order being confirmed: its id is minted when it is proposed and is the idempotency key.
    order_id: str | None = None
    items: list[Item] = []
    from_cart: bool = False
    code_verified: bool = False
    # Its write was sent but went unanswered, and it was not found: it may have been placed. A yes places it
    # once (or finds it); a no, "cancel" or "stop" is answered with what one read tells (flows.outcome_of_pending).
    outcome_unknown: bool = False
    # A product choice in progress ("did you mean A or B"), and what to do with the pick.
    choices: list[str] = []
    choice_quantity: int | None = None
    # The count as said for the choice ("half a dozen"): read as packs of the product picked.
    choice_count: SaidCount | None = None
    # The count said with no product ("order three bottles"), as said ("3 bottles"): at "which product would you
    # like?", said again with the product named ("water": "3 bottles of water").
    count_said: str | None = None
    # "order" or "add_to_cart"; "auto_reorder"; at "which product do you mean?", a reorder answer: "snooze",
    # "never_ask" or "stop_auto" (the products offered, if any, are ``choices``)
    choice_action: str = "order"
    # The days "remind me about the stuff next week" said, for the snooze of the product asked for then.
    snooze_days: float | None = None
    cancel_order_id: str | None = None
    # The cart lines offered by "which one should I remove (change)?" are ``choices``; this, what to do.
    cart_change: CartChange | None = None
    # The product the reorder prompt pending is about; also at the read-back of its order (and its voice code).
    prompt_product_id: str | None = None
    # The other products "what am I running low on" listed, asked about next after a "not yet" or "no", or
    # once the order of the one asked about is placed or declined.
    prompt_next: list[Item] = []
    # The products already asked about in this run of prompts, so "what else?" moves past them.
    prompt_passed: list[str] = []
    # A reorder prompt set aside by a request said in its place (flows.prompt_after): the run of prompts, its
    # product first in ``prompt_next``, outlives every pending question (with ``prompt_passed``) until asked again.
    prompt_aside: bool = False
    # Automatic reorder being set up: the product, then the monthly cap (a decimal string) to confirm.
    auto_product_id: str | None = None
    auto_cap: str | None = None
    # A cap said back as maybe misheard, far above what the product could cost: said again, it is meant.
    auto_cap_too_high: str | None = None
    # The shopper's words for the product pending ("paper towels"): "the cheapest one" looks among them.
    asked_for: str | None = None
    # The cart line just added or changed, so that "make it two" or "remove it" in the next turn is about it.
    cart_product_id: str | None = None
    # The rest of a list taken one product at a time ("order peanut butter and dawn dish soap"): asked about
    # in turn once the product asked about now is ordered, added or declined.
    listed: Listed | None = None
    # The pending question as last asked (its reprompt), so that "help" can ask it again.
    question: str | None = None
    # The pending question as last asked in full (its names and money), without any news said before it in
    # the same answer ("Done. I've ordered ... Next, ..."): what help, "maybe" and the fallback ask again.
    asked: str | None = None
    # What the skill last said, in full, for "say that again".
    last_speech: str | None = None
    # Orders this session followed up whose order listeners (the reorder schedule) have not all run (no time left,
    # one failed), or whose mark of them done was not written: the next request reads them and runs what is still
    # owed (flows.run_listeners_pending). The order's mark (``Order.listeners_done``) is what counts; this only
    # tells a request that it has something to read. A session that ends first leaves them to the shopper's next
    # launch or order status, which find them by their mark. Not a pending question: kept by clear_pending.
    listeners_pending: list[str] = []

    @model_validator(mode="before")
    @classmethod
    def _owed_follow_up(cls, data: object) -> object:
        """A session from before ``listeners_pending`` named those orders ``owed_follow_up``."""
        if isinstance(data, dict) and "owed_follow_up" in data and "listeners_pending" not in data:
            return {**data, "listeners_pending": data["owed_follow_up"]}
        return data

    @classmethod
    def load(cls, attributes: dict[str, object] | None) -> SessionState:
        """Parse session attributes; anything unreadable starts a clean state rather than failing."""
        try:
            return cls.model_validate(attributes or {})
        except ValidationError:
            return cls()

    def dump(self) -> dict[str, object]:
        return self.model_dump(mode="json", exclude_defaults=True)

    def clear_pending(self, *, keep_list: bool = False) -> None:
        """Forget the pending question; with ``keep_list``, not the rest of a list taken one product at a
        time (the question to come is about one of its products): a spoken list, or the products "what am I
        running low on?" listed, asked about once this one is ordered or declined. A reorder prompt set aside
        (``prompt_aside``) and the run of prompts it belongs to are kept either way: a request said in its place
        loses nothing, whatever question it asks of its own."""
        listed, upcoming, passed, aside = self.listed, self.prompt_next, self.prompt_passed, self.prompt_aside
        owed = self.listeners_pending
        for name, field in type(self).model_fields.items():
            setattr(self, name, field.get_default(call_default_factory=True))
        self.listeners_pending = owed
        if keep_list:
            self.listed = listed
        if keep_list or (aside and upcoming):
            self.prompt_next, self.prompt_passed, self.prompt_aside = upcoming, passed, aside and bool(upcoming)

    def offer(
        self,
        awaiting: Awaiting,
        product_ids: list[str],
        action: str,
        *,
        quantity: int | None = None,
        said: SaidCount | None = None,
    ) -> None:
        """Ask about products on offer: ``awaiting`` the answer, which does ``action`` with the one picked,
        ``quantity`` packs of it (or the count as ``said``). A list being taken one product at a time stays."""
        self.clear_pending(keep_list=True)
        self.awaiting = awaiting
        self.choices = product_ids
        self.choice_quantity = quantity
        self.choice_count = said
        self.choice_action = action

    def count_asked_about(self) -> int | None:
        """The count said for the one product the pending question is about, which a correction said with no
        count of its own keeps ("order two milk" - "no, I meant oat milk": two): the one product read back (or
        waiting for its voice code), or the product asked about ("did you mean ...?", a suggestion, "how
        many?", a price); ``None`` when no count was said for it."""
        if self.awaiting in (Awaiting.ORDER_CONFIRMATION, Awaiting.VOICE_CODE):
            return self.items[0].quantity if len(self.items) == 1 and not self.from_cart else None
        if self.awaiting in (Awaiting.PRODUCT_CHOICE, Awaiting.SUGGESTION, Awaiting.PRICE_OFFER, Awaiting.QUANTITY):
            return self.choice_quantity
        return None
