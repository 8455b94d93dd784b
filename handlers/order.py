"""Ordering by voice: the order request, yes and no, the voice code, and choosing between close products."""

from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from catalog import (
    Amendment,
    Choice,
    Preference,
    amendment_in,
    amount_said_in,
    count_in,
    digits_said,
    later_in,
    names_a_product,
    points_at_the_one,
    preference_in,
    preferred_alternative,
    product_replaced,
    resolve_choice,
    with_count_said,
)
from handlers.base import Slot, Turn, is_intent
from handlers.base_handler import Handler
from handlers.builtin import (
    answer_not_caught,
    answer_unsure,
    is_not_caught,
    is_unsure,
)
from handlers.cart import answer_cart_line, empty_cart, picks_cart_line
from handlers.flows import (
    REORDER_ANSWERS,
    Proposed,
    act_on,
    act_on_found,
    act_on_listed,
    answer_quantity,
    ask_auto_terms,
    ask_choice_again,
    asked_again,
    decline,
    describe_cart,
    describe_options,
    ensure_ordering_unlocked,
    next_listed,
    none_of,
    offer_price,
    place_pending,
    prompt_after,
    propose_order,
    proposed_product,
    repeat_last,
    settle,
    skip_to_next_listed,
    take_all,
)
from handlers.history import confirm_cancel
from handlers.products import Found, FoundKind, find_listed, find_product, product_and_count, shoppers_pick
from handlers.reorder import (
    accept_prompt,
    answer_later,
    answer_which,
    confirm_auto_reorder,
)
from handlers.session import ASKED_FOR, Awaiting, Item, Listed
from orders import VoiceCodeLockedError

__all__ = ["ChooseHandler", "NoHandler", "OrderItemHandler", "VoiceCodeHandler", "YesHandler"]


class OrderItemHandler(Handler):
    """"order two packs of bounty paper towels": find the product, quote it, ask for a yes."""
    answers_pending = True


    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent(handler_input, "OrderItemIntent")

    def respond(self, turn: Turn) -> Response:
        return request_product(turn, turn.slot("Product"), turn.slot("Quantity"))


def request_product(turn: Turn, product: Slot, count: Slot) -> Response:
    """The answer to a product said (``product``, with the count said before it, ``count``): as an answer to the
    question pending, if it is one; else a request for that product, found, quoted and read back for a yes.
    OrderItemIntent's, and ChooseIntent's for a product named at a yes/no offer of one (:class:`ChooseHandler`)."""
    heard = " ".join(value for value in (count.value, product.value) if value)
    if turn.state.awaiting is Awaiting.VOICE_CODE and _a_number(heard):
        return _answer_voice_code(turn, heard)  # "one two three", heard as a count or a product
    # Alexa's bare {Product} sample takes any answer: "maybe" and "next week" name no product.
    if is_unsure(heard):
        return answer_unsure(turn)
    if turn.state.awaiting is not None and is_not_caught(heard):
        return answer_not_caught(turn)  # "huh?", "sorry?", silence, an emoji: the question stays
    if (later := later_in(heard)) is not None:
        return answer_later(turn, later)  # "Shall I order coffee?" - "next week": a snooze
    if turn.state.awaiting is Awaiting.PRODUCT and turn.state.choice_action in REORDER_ANSWERS:
        # "I don't need the stuff" - "which product do you mean?" - "coffee": not an order, that answer.
        return answer_which(turn, product if product.value else Slot(value=heard))
    if turn.state.awaiting is Awaiting.PRODUCT_CHOICE and product.value and answers_choice(turn, product.value):
        return choose(turn, product.value)
    if turn.state.awaiting is Awaiting.SUGGESTION and not count.value and points_at_the_one(heard):
        return choose(turn, heard)  # "Would you like X?" - "that one", "the first one": X, read back for a yes
    if product.value and picks_cart_line(turn, product.value):
        return answer_cart_line(turn, product.value)  # "which one should I remove?" - "whole milk"
    if turn.state.awaiting in (Awaiting.AUTO_REORDER_CAP, Awaiting.AUTO_REORDER_CONFIRMATION):
        # "What's the most I should spend each month?" - "thirty", "twenty one seventy six": the cap
        # (to the cent), not thirty of something. At the terms read back, an amount said as money is a
        # new cap, read back in new terms; a number alone is not (below).
        cap = amount_said_in(heard, number_alone=turn.state.awaiting is Awaiting.AUTO_REORDER_CAP)
        setting_up = turn.services.catalog.get(turn.state.auto_product_id or "")
        if cap is not None and setting_up is not None:
            return ask_auto_terms(turn, setting_up, str(cap))
    if (
        turn.state.awaiting is Awaiting.AUTO_REORDER_CONFIRMATION
        and not names_a_product(product.value or "")
        and count_in(count.value or product.value or "") is not None
    ):
        # "Should I reorder X automatically ..., up to $40.00 a month?" - "two": no order; the terms again.
        return asked_again(turn, "auto_reorder_terms_number")
    if not names_a_product(product.value or "") and (offered := proposed_product(turn.state)) is not None:
        # "How many would you like?" - "five", "5 please"; or a count for the product on offer
        # ("how much is dawn?" - "two please"). A bare "order it" is a yes, handled as one.
        said = count.value or product.value or ""
        if turn.state.awaiting is Awaiting.QUANTITY or count_in(said) is not None:
            turn.state.choices, turn.state.choice_action = [offered.product_id], offered.action
            turn.state.awaiting = Awaiting.QUANTITY
            return answer_quantity(turn, said)
    product, quantity = product_and_count(product, count)
    if turn.state.awaiting is Awaiting.PRODUCT and quantity is None:
        product = _with_count_said(turn, product)  # "order three bottles" - "water": 3 bottles of water
    # "no, I meant oat milk", "and eggs": the product said, to replace what is read back or join it.
    starts_name = turn.services.catalog.starts_a_name  # "no pulp orange juice" is a product, not a "no"
    amendment = (
        amendment_in(product.value, starts_name=starts_name) if product.value and not product.resolved_id else None
    )
    if amendment is not None:
        product = Slot(value=amendment.product)
    found = find_product(turn, product, count=quantity)
    listed = find_listed(turn, product, found)
    if turn.state.awaiting is Awaiting.PRODUCT_CHOICE and found.kind is FoundKind.NOT_FOUND and listed is None:
        # Neither one of the options nor a product ("what's this one like"): the choice is asked again.
        return choose(turn, product.value or "")
    if (kept := _keep_pending(turn, found, listed, count.value, amendment)) is not None:
        return kept
    if amendment is not None and not amendment.adds and quantity is None and found.quantity is None:
        quantity = turn.state.count_asked_about()  # "order two milk" - "no, I meant oat milk": two of it
    action = "order"
    if turn.state.awaiting is Awaiting.PRODUCT:
        # The answer to "which product would you like?" after "order two" / "add three to my cart"; a count
        # of its own ("two waters"), or said again with it ("3 bottles of water"), is its product's.
        if quantity is None and found.quantity is None:
            quantity = turn.state.choice_quantity
        action = turn.state.choice_action
    if action != "add_to_cart":
        ensure_ordering_unlocked(turn)  # said now, not after the matching, a count and a read-back
    turn.lead = _not_ordered_instead(turn, listed or (found,))
    if not any(p.id == turn.state.prompt_product_id for one in listed or (found,) for p in one.products[:1]):
        prompt_after(turn.state)  # "Shall I order coffee?" - "order milk": coffee is asked about after it
    # A new request; one for the product of a list being asked about ("two cartons of eggs") keeps the list.
    turn.state.clear_pending(keep_list=True)
    if listed:
        return act_on_listed(turn, listed, quantity, action)
    return act_on_found(turn, found, quantity, action)


def _with_count_said(turn: Turn, product: Slot) -> Slot:
    """The answer to "which product would you like?" after a count said with what it counts ("order three
    bottles"), said with that count ("3 bottles of water", :func:`catalog.with_count_said`); as it is when it
    has a count of its own, or the count said nothing of what it counts ("order three")."""
    with_count = with_count_said(turn.state.count_said or "", product.value or "")
    return product if with_count is None else Slot(value=with_count)


def _keep_pending(
    turn: Turn, found: Found, listed: tuple[Found, ...] | None, count: str | None, amendment: Amendment | None
) -> Response | None:
    """A request said at a pending question that does not answer it keeps the question (``None`` when the
    request is the answer, or a new request that takes the question's place): nothing is lost to an aside.

    * A phrase that names nothing ("order", "thanks"): the question is asked again, as to anything not caught.
    * A phrase that finds no product ("what's the weather", "bananas", "wipe that"): the shopper hears it was
      not found, and the question is asked again; at the skill's own yes/no offers too (a suggestion, a price,
      a reorder prompt): the product nearest such a phrase is not offered in place of the one on offer.

    At a question about one product of a spoken list taken one at a time (its read-back, "did you mean
    ...?", its packs, "how many?", its voice code, its price), nothing of the list is lost either: a
    shopper leaves a list by "no", "skip", "cancel" or "stop", never by a word.

    * Another product ("dawn", "order dawn and milk") joins the end of the list, and the question is asked
      again: a yes still answers it, and the new product comes in its turn, with its own question.
      ``count``: the Quantity slot's, said with it ("order two" and "dawn").
    * The product asked about, named again ("two cartons of eggs"), or another said as a correction ("no,
      I meant dawn"), is a new request for it (``None``), and the rest of the list stays.

    At an order read back, a correction or an addition (``amendment``) changes what is read back
    (:func:`_amend_read_back`).
    """
    state, speech = turn.state, turn.speech
    if state.awaiting is None:
        return None
    if found.kind is FoundKind.NOTHING_SAID:
        # "order three": which product is asked, with the count; "order" alone names nothing to go on.
        return answer_not_caught(turn) if found.quantity is None and not count else None
    if state.awaiting is Awaiting.PRODUCT:
        return None  # "Which product would you like?": any product answers it
    if listed is None and found.kind is FoundKind.NOT_FOUND:
        # At a suggestion, "Sorry, I couldn't find X. Would you like Y? Please say yes or no.": the suggestion by
        # name, without its own "I couldn't find ..." said again.
        in_full = state.awaiting is not Awaiting.SUGGESTION
        return asked_again(turn, "not_found_pending", in_full=in_full, heard=speech.heard(found.heard))
    finds = listed or (found,)
    if (
        state.listed is None
        and amendment is not None
        and amendment.adds
        and state.awaiting in ASKED_FOR
        and state.choice_action in ("order", "add_to_cart")
    ):
        # "Did you mean A or B?" - "and eggs": the eggs come once the pick is settled, as a list's next product.
        added = [one.heard for one in finds]
        if count:
            added[0] = f"{count} {added[0]}"
        state.listed = Listed(heard=added, action=state.choice_action)
        return asked_again(turn, "read_back_then", products=speech.join([speech.named(p) for p in added]))
    if state.listed is None:
        return _amend_read_back(turn, amendment, finds, count)
    asked_about = {*state.choices, *(item.product_id for item in state.items)}
    if (amendment is not None and not amendment.adds) or any(
        product.id in asked_about for one in finds for product in one.products[:1]
    ):
        return None
    added = [one.heard for one in finds]
    if count:
        added[0] = f"{count} {added[0]}"  # "order two" and "dawn": the count stays with its product
    state.listed = Listed(heard=[*state.listed.heard, *added], action=state.listed.action)
    return asked_again(turn, "list_added_pending", products=speech.join([speech.named(p) for p in added]))


def _amend_read_back(
    turn: Turn, amendment: Amendment | None, finds: tuple[Found, ...], count: str | None
) -> Response | None:
    """An order read back (or waiting for its voice code) changed as said, and read back again in full:

    * an addition ("and eggs", "also eggs", "plus eggs") joins it;
    * a correction ("no, I meant oat milk", "actually eggs", "not milk, oat milk") takes the place of the
      product it names ("milk") among several read back; of the one product read back, it is a new request
      in its place (``None``), as is one that names none of several, or more than one.

    A product that needs a question first (which one, its packs) comes after this read-back, with its own
    question, as the next product of a list taken one at a time; the read-back is asked again meanwhile.
    ``None`` when there is no read-back to change, or nothing to change it by.
    """
    state, speech = turn.state, turn.speech
    if amendment is None or state.awaiting not in (Awaiting.ORDER_CONFIRMATION, Awaiting.VOICE_CODE):
        return None
    if not state.items or state.from_cart or state.auto_cap:
        return None
    replaced = None
    if not amendment.adds:
        if len(state.items) < 2:
            return None
        read_back = turn.services.products([item.product_id for item in state.items])
        by = finds[0].products if len(finds) == 1 else ()
        if (named := product_replaced(amendment.instead_of or amendment.product, read_back, by=by)) is None:
            return None
        replaced = named.id
    sure = [one for one in finds if not count and one.kind is FoundKind.MATCHED and one.fits]
    later = [one.heard for one in finds if one not in sure]
    if count and later:
        later[0] = f"{count} {later[0]}"  # "order two" and "and eggs": the count stays with its product
    # A correction with no count of its own takes the count of the line it replaces.
    carried = next((item.quantity for item in state.items if item.product_id == replaced), 1)
    said = [
        Item(
            product_id=one.products[0].id,
            quantity=one.quantity or carried,
            sized=one.said is not None and one.said.measured and one.products[0].measure is not None,
        )
        for one in sure
    ]
    lines = [*state.items, *said] if replaced is None else [
        line for item in state.items for line in (said if item.product_id == replaced else [item])
    ]
    items: dict[str, Item] = {}  # a product said twice is one line, of both counts
    for line in lines:
        before = items.get(line.product_id)
        items[line.product_id] = line if before is None else before.model_copy(
            update={"quantity": before.quantity + line.quantity, "sized": before.sized or line.sized}
        )
    if later:
        state.listed = Listed(heard=later, action="order")
        products = speech.join([speech.named(p) for p in later])
        if list(items.values()) == state.items:
            return asked_again(turn, "read_back_then", products=products)
        turn.lead = speech.say("read_back_changed_then", products=products)
    return propose_order(turn, list(items.values()))


def _not_ordered_instead(turn: Turn, finds: tuple[Found, ...]) -> str:
    """ "Okay, I won't order Horizon Organic 2% Milk.": said before a new request that takes the place of
    an order read back (or waiting for its voice code), so the shopper knows it is not being ordered;
    "" when nothing is dropped (no read-back, a cart's check-out, or the product read back named again)."""
    state, speech = turn.state, turn.speech
    if state.awaiting not in (Awaiting.ORDER_CONFIRMATION, Awaiting.VOICE_CODE) or state.from_cart:
        return ""
    if not state.items or state.auto_cap or state.listed is not None:
        return ""
    if len(state.items) > 1:
        return speech.say("read_back_dropped_many")
    if any(product.id == state.items[0].product_id for one in finds for product in one.products[:1]):
        return ""  # "two cartons of milk" at the milk's read-back: read back anew, with two
    products = turn.services.products([state.items[0].product_id])
    return speech.say("read_back_dropped", product=products[0].name) if products else ""


class PriceHandler(Handler):
    """"how much is bounty paper towels": the price of one, then an offer to order it. A yes proposes the
    order (its own read-back and yes), as for a suggestion, and a no just moves on; a close call asks
    which product, and the pick is quoted with its price. While voice ordering is locked, the offer is to
    add it to the cart."""

    answers_pending = True

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent(handler_input, "PriceIntent")

    def respond(self, turn: Turn) -> Response:
        speech, state = turn.speech, turn.state
        asked = turn.slot("Product").value or ""
        if state.awaiting is Awaiting.PRODUCT_CHOICE and state.choices:
            # "Did you mean A or B?" - "how much are they?", "how much is the first one?": the prices, and the
            # choice asked again; "how much is dawn?" is a new question.
            options = self.services.products(state.choices)
            picked = resolve_choice(_ORDINAL_IDS.get(asked, asked), options)
            if picked.index is not None:
                return describe_options(turn, [options[picked.index]])
            if not names_a_product(asked) or picked.every or picked.either or picked.compare:
                return describe_options(turn, options)
        if state.awaiting is not None and not names_a_product(asked):
            # "how much is that?", "what's the total?" about what was just read back or offered.
            return repeat_last(turn, question_only=True)
        if state.awaiting is Awaiting.REORDER_PROMPT:
            # "Shall I order paper towels?" - "how much are paper towels?": the price, and the prompt asked again,
            # still pending; the price of another product is asked in its place, and the prompt after it.
            prompted = shoppers_pick(turn, turn.slot("Product"))
            if prompted is not None and prompted.id == state.prompt_product_id:
                price, amount = prompted.price, speech.count(1, prompted.unit)
                return asked_again(turn, "price_prompt_pending", product=prompted.name, price=price, amount=amount)
            prompt_after(state)
        state.clear_pending()
        if not names_a_product(asked):
            # "What's the total?" with nothing on offer: the cart's, when it holds something.
            cart = self.services.shopping.cart_quote(turn.shopper_id)
            if cart is not None:
                return turn.ask(describe_cart(turn, cart), speech.say("anything_else"))
        found = find_product(turn, turn.slot("Product"))
        if found.kind is not FoundKind.MATCHED:
            return act_on_found(turn, found, None, "order")
        product = found.products[0]
        # While voice ordering is locked an order could only be refused: adding to the cart is offered.
        action = "add_to_cart" if turn.ordering_locked else "order"
        response = offer_price(turn, product, action, quantity=found.quantity, said=found.said)
        state.asked_for = found.heard
        return response


class YesHandler(Handler):
    answers_pending = True
    keeps_unknown_outcome = True

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent(handler_input, "AMAZON.YesIntent")

    def respond(self, turn: Turn) -> Response:
        state, speech = turn.state, turn.speech
        if state.awaiting in (Awaiting.ORDER_CONFIRMATION, Awaiting.AUTO_REORDER_CONFIRMATION):
            # An order, or a standing order that will spend without asking: both need the voice code.
            profile = turn.profile
            if turn.ordering_locked:
                state.clear_pending()
                raise VoiceCodeLockedError("locked")
            if profile is not None and profile.has_voice_code and not state.code_verified:
                state.awaiting = Awaiting.VOICE_CODE
                return turn.ask(speech.say("ask_voice_code"), speech.say("ask_voice_code_reprompt"))
            if state.awaiting is Awaiting.AUTO_REORDER_CONFIRMATION:
                return confirm_auto_reorder(turn)
            return place_pending(turn, timezone=profile.timezone if profile is not None else None)
        if state.awaiting is Awaiting.VOICE_CODE:
            return turn.ask(speech.say("ask_voice_code"), speech.say("ask_voice_code_reprompt"))
        if state.awaiting is Awaiting.AUTO_REORDER_CAP:
            return asked_again(turn, "auto_reorder_cap_yes_no")  # "what's the most ...?" - "yes": no amount
        if state.awaiting is Awaiting.QUANTITY and state.choices:
            return turn.ask(speech.say("how_many"), speech.say("how_many"))  # "how many?" - "yes"
        if state.awaiting in (Awaiting.PRODUCT_CHOICE, Awaiting.CART_LINE) and state.choices:
            # "Did you mean A or B?", "would you like one of them?", "which one should I remove?" - "yes":
            # which one is asked, and the choice stays open.
            options = self.services.products(state.choices)
            names = speech.join([p.name for p in options], conjunction="or")
            return turn.ask(speech.say("which_one", options=names), state.question or speech.say("which_product"))
        if state.awaiting is Awaiting.PRODUCT and state.choice_action in REORDER_ANSWERS:
            return answer_which(turn, None)  # "Should I stop reordering X?" - "yes"; "which product?" asked again
        if state.awaiting is Awaiting.PRODUCT:
            # "Which product would you like?" (after "order two") - "yes": asked again, the count kept.
            return turn.ask(speech.say("which_product"), speech.say("which_product_reprompt"))
        if state.awaiting in (Awaiting.SUGGESTION, Awaiting.PRICE_OFFER) and state.choices:
            product = self.services.catalog.get(state.choices[0])
            if product is not None:
                return settle(turn, product, state.choice_count, state.choice_quantity, state.choice_action)
        if state.awaiting is Awaiting.CANCEL_CONFIRMATION:
            return confirm_cancel(turn)
        if state.awaiting is Awaiting.EMPTY_CART_CONFIRMATION:
            return empty_cart(turn)
        if state.awaiting is Awaiting.REORDER_PROMPT:
            return accept_prompt(turn)
        state.clear_pending()
        return turn.ask(speech.say("nothing_pending"), speech.say("reprompt_main"))


class NoHandler(Handler):
    """"No" (or "neither") orders nothing and forgets the proposal; in a list taken one product at a time,
    the next product is asked about."""
    answers_pending = True
    keeps_unknown_outcome = True


    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent(handler_input, "AMAZON.NoIntent")

    def respond(self, turn: Turn) -> Response:
        return decline(turn)


class VoiceCodeHandler(Handler):
    """The voice code, asked for after the yes to an order (or an automatic reorder's terms). Said at any
    other question (a read-back, a reorder prompt, a price offer, a cancel to confirm ...), it confirms
    nothing and is not checked: that question is asked again, still waiting."""

    answers_pending = True
    keeps_unknown_outcome = True

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent(handler_input, "VoiceCodeIntent")

    def respond(self, turn: Turn) -> Response:
        state, speech = turn.state, turn.speech
        if state.awaiting is None:
            # Nothing to confirm: not "nothing waiting for a yes", which answers a yes, not a code.
            state.clear_pending()
            return turn.ask(speech.say("voice_code_nothing_pending"), speech.say("reprompt_main"))
        if state.awaiting is not Awaiting.VOICE_CODE:
            return asked_again(turn, _code_not_asked(turn))
        return _answer_voice_code(turn, turn.slot("Code").value or "")


def _a_number(said: str) -> bool:
    """Whether ``said`` is only a number ("one two three", "twelve thirty four", "a couple"), not a request."""
    return digits_said(said) is not None or (not names_a_product(said) and count_in(said) is not None)


def _answer_voice_code(turn: Turn, said: str) -> Response:
    """What the shopper said while their voice code is awaited, on whichever intent it arrived: four digits
    are checked as the code; any other number ("one two three", "1") is not a try, and the code is asked
    for again, with the order (or automatic reorder) still waiting."""
    state, speech = turn.state, turn.speech
    code = digits_said(said)
    if code is None or len(code) != 4:
        return turn.ask(speech.say("ask_voice_code"), speech.say("ask_voice_code_reprompt"))
    try:
        check = turn.services.shopping.check_voice_code(turn.shopper_id, code, attempt_id=turn.request_id)
    except VoiceCodeLockedError:
        turn.note_ordering_locked()  # the rest of a list is offered for the cart, not ordered
        return _locked_at_the_code(turn)
    if not check.ok:
        attempts = speech.count(check.attempts_left, "try")
        return turn.ask(speech.say("wrong_voice_code", attempts=attempts), speech.say("ask_voice_code_reprompt"))
    state.code_verified = True
    if state.auto_product_id and state.auto_cap:
        return confirm_auto_reorder(turn)  # the code was asked for an automatic reorder's terms
    profile = turn.profile
    return place_pending(turn, timezone=profile.timezone if profile else None)


def _locked_at_the_code(turn: Turn) -> Response:
    """The wrong code that has just locked voice ordering: the lock is said, then what was not ordered, by
    name (and the rest of a list taken one at a time), and the one product read back is offered for the cart
    instead; then the rest of the list, each offered for the cart (no order can be placed now)."""
    state, speech = turn.state, turn.speech
    rest = state.listed.heard if state.listed is not None else []
    items = [] if state.from_cart else state.items  # a cart checked out stays in the cart
    products = {product.id: product for product in turn.services.products([item.product_id for item in items])}
    lines = [(products[i.product_id], i.quantity) for i in items if i.product_id in products]
    state.clear_pending(keep_list=True)
    if not lines and not rest:
        state.listed = None
        return turn.ask(speech.say("voice_code_locked"), speech.say("anything_else"))
    turn.lead = speech.say("voice_code_locked")  # news: help asks the offer again without it
    named = speech.join([speech.count_of(n, product.unit, product.name) for product, n in lines]) or speech.say("that")
    if rest:
        not_ordered = speech.say("list_not_ordered", lines=named, products=speech.join([speech.named(p) for p in rest]))
    else:
        not_ordered = speech.say("not_ordered", lines=named)
    if len(lines) == 1:
        product, quantity = lines[0]
        state.offer(Awaiting.PRICE_OFFER, [product.id], "add_to_cart", quantity=quantity)
        offer = speech.say("add_to_cart_instead_named" if rest else "add_to_cart_instead", product=product.name)
        return turn.ask(f"{not_ordered} {offer}", speech.say("price_add_to_cart_reprompt", product=product.name))
    if rest:
        return next_listed(turn, not_ordered, speech.say("anything_else"))
    state.listed = None
    return turn.ask(f"{not_ordered} {speech.say('anything_else')}", speech.say("anything_else"))


def _code_not_asked(turn: Turn) -> str:
    """What a voice code said at a question that did not ask for it is answered with (a key with
    ``{question}``): at a question a yes answers with an order, to say yes first (or, for a shopper without
    a code, that orders need none); at any other, that the code is not needed."""
    state = turn.state
    offered = proposed_product(state)
    ordering = state.awaiting in (Awaiting.ORDER_CONFIRMATION, Awaiting.AUTO_REORDER_CONFIRMATION) or (
        state.awaiting in (Awaiting.REORDER_PROMPT, Awaiting.PRICE_OFFER, Awaiting.SUGGESTION)
        and offered is not None
        and offered.action == "order"
    )
    if not ordering:
        return "voice_code_not_needed"
    has_code = turn.profile is not None and turn.profile.has_voice_code
    return "voice_code_after_yes" if has_code else "no_voice_code_pending"


class ChooseHandler(Handler):
    """"the first one", "the second", "neither" while a choice between close products (or cart lines) is
    open; "two" after "how many would you like?". Nothing caught ("huh?", silence: Alexa's bare {Choice}
    sample takes any answer) keeps any question pending, asked again. At a suggestion of one product, "that one"
    or "the first one" takes it. At any yes/no offer of a product (a suggestion, a price, a read-back, a reorder
    prompt), a product named is a request for it (:func:`request_product`), as through OrderItemIntent."""

    answers_pending = True

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent(handler_input, "ChooseIntent")

    def respond(self, turn: Turn) -> Response:
        choice, state = turn.slot("Choice"), turn.state
        if not choice.resolved_id and is_unsure(choice.value or ""):
            return answer_unsure(turn)
        if state.awaiting is not None and not choice.resolved_id and is_not_caught(choice.value or ""):
            return answer_not_caught(turn)
        if state.awaiting is Awaiting.PRODUCT and state.choice_action in REORDER_ANSWERS:
            heard = choice.resolved_id or choice.value or ""  # "which one should I stop?" - "the first one", "both"
            return answer_which(turn, Slot(value=_ORDINAL_IDS.get(heard, heard)))
        if state.awaiting is Awaiting.VOICE_CODE:
            if _a_number(choice.value or ""):
                return _answer_voice_code(turn, choice.value or "")  # "two", heard as "the second"
            return answer_not_caught(turn)  # "the first one": no code, and none is tried; asked for again
        if state.awaiting is Awaiting.QUANTITY:
            return answer_quantity(turn, choice.value or choice.resolved_id or "")  # "two" is a count here
        if state.awaiting is Awaiting.CART_LINE:
            heard = choice.resolved_id or choice.value or ""
            return answer_cart_line(turn, _ORDINAL_IDS.get(heard, heard))
        if state.awaiting is Awaiting.AUTO_REORDER_CAP:
            # "What's the most I should spend each month?" - "two", "21 76": a cap of two dollars, of $21.76.
            setting_up = self.services.catalog.get(state.auto_product_id or "")
            if setting_up is not None:
                return ask_auto_terms(turn, setting_up, choice.value or "?")
            state.clear_pending()
        if state.awaiting is Awaiting.AUTO_REORDER_CONFIRMATION:
            # "Should I reorder X automatically ..., up to $40.00 a month?" - "21 76": new terms with that cap;
            # "two": the terms again, still open.
            setting_up = self.services.catalog.get(state.auto_product_id or "")
            if setting_up is not None and (cap := amount_said_in(choice.value or "", number_alone=False)):
                return ask_auto_terms(turn, setting_up, str(cap))
            return asked_again(turn, "auto_reorder_terms_number")
        heard = choice.resolved_id or choice.value or ""
        preference = preference_in(heard)[0]
        proposed = proposed_product(state)
        if preference is not None and proposed is not None:
            # "anything cheaper?" while one product is read back, offered or priced.
            return offer_preferred(turn, preference, proposed)
        if proposed is not None and state.awaiting is not Awaiting.PRODUCT_CHOICE and count_in(choice.value or ""):
            # "three" while one product is read back, priced or prompted: that many of it.
            state.choices, state.choice_action = [proposed.product_id], proposed.action
            state.awaiting = Awaiting.QUANTITY
            return answer_quantity(turn, choice.value or "")
        if state.awaiting in _YES_NO_OFFERS and not choice.resolved_id and not _answers_as_a_choice(turn, heard):
            # "The closest I have is X. Would you like that?", "X is $3.79. Would you like to order it?", X read back,
            # "Shall I order X?" - "cola", "jif peanut butter": Alexa's bare {Choice} sample takes a product too. Not
            # X because it scores like X (one option has no runner-up), nor "I didn't catch that": a request, as said
            # through OrderItemIntent. A product found is read back for its own yes; a phrase that finds none hears
            # so, and the offer is asked again.
            return request_product(turn, Slot(value=heard), Slot(value=None))
        if state.awaiting is not None and state.awaiting not in (Awaiting.PRODUCT_CHOICE, Awaiting.SUGGESTION):
            return answer_not_caught(turn)  # "the second one" with no choice offered: the question stays
        return choose(turn, heard)


def offer_preferred(turn: Turn, preference: Preference, proposed: Proposed) -> Response:
    """The product ``preference`` names among those like the one offered, with what was to be done with
    it ("the cheaper one" of the paper towels read back is read back instead); or, when the offered
    one already is it, that said and the question asked again."""
    state, speech = turn.state, turn.speech
    offered = turn.services.products([proposed.product_id])
    if not offered:
        state.clear_pending()
        return turn.ask(speech.say("which_product"), speech.say("which_product_reprompt"))
    current, asked_for = offered[0], state.asked_for or offered[0].name
    better = preferred_alternative(
        turn.services.catalog, preference, asked_for, current, history=turn.history
    ) or current
    if better.id == current.id:
        question = state.question or speech.say("anything_else")
        return turn.ask(f"{speech.say(f'already_{preference}', product=current.name)} {question}", question, again=True)
    response = act_on(turn, better, proposed.quantity or 1, proposed.action)
    if turn.state.awaiting is not None:
        turn.state.asked_for = asked_for
    return response


_ORDINAL_IDS = {"1": "the first one", "2": "the second one", "3": "the third one", "last": "the last one"}

# The skill's own yes/no offers of a product: a product named through ChooseIntent at one is a request for it.
_YES_NO_OFFERS = frozenset(
    {Awaiting.SUGGESTION, Awaiting.PRICE_OFFER, Awaiting.ORDER_CONFIRMATION, Awaiting.REORDER_PROMPT}
)


def _answers_as_a_choice(turn: Turn, heard: str) -> bool:
    """Whether ``heard``, said through ChooseIntent at one of :data:`_YES_NO_OFFERS` with no ChoiceType value
    resolved, is a choice's own words: points at what is offered ("that one", "the first one":
    :func:`catalog.points_at_the_one`), or says "neither", "either", "both" or "what's the difference". A name is
    not a choice of the one option, however like it (:func:`catalog.resolve_choice` has no runner-up to tell it
    apart from): it is a request."""
    if points_at_the_one(heard):
        return True
    state = turn.state
    offered = proposed_product(state)
    ids = [offered.product_id] if offered is not None else [item.product_id for item in state.items]
    picked = resolve_choice(heard, turn.services.products(ids))
    return picked.neither or picked.every or picked.either or picked.compare


def answers_choice(turn: Turn, heard: str) -> bool:
    """Whether ``heard`` picks one of the products offered, or none of them ("neither").

    While "Did you mean A or B?" is open, "the second one", "B", "the gallon", "both", "either one" or
    "what's the difference?" answers it; "order macaroni and cheese" is a new request.
    """
    options = turn.services.products(turn.state.choices)
    picked = resolve_choice(_ORDINAL_IDS.get(heard, heard), options)
    return picked.neither or picked.every or picked.either or picked.compare or picked.index is not None


def choose(turn: Turn, heard: str) -> Response:
    state, speech = turn.state, turn.speech
    if state.awaiting not in (Awaiting.PRODUCT_CHOICE, Awaiting.SUGGESTION) or not state.choices:
        return turn.ask(speech.say("which_product"), speech.say("which_product_reprompt"))
    options = turn.services.products(state.choices)
    picked = resolve_choice(_ORDINAL_IDS.get(heard, heard), options)
    if picked.neither:
        state.clear_pending(keep_list=True)
        if skipped := skip_to_next_listed(turn, speech.say("list_skipped")):
            return skipped
        return turn.ask(speech.say(none_of(len(options))), speech.say("which_product_reprompt"))
    if picked.compare:
        return describe_options(turn, options)
    if picked.every and state.choice_action != "auto_reorder":
        return take_all(turn, options, state.choice_count, state.choice_quantity, state.choice_action)
    if points_at_the_one(heard) and len(options) == 1:
        picked = Choice(index=0)  # "that one", "the first one": the one offered
    index = 0 if picked.either else picked.index  # any one will do: the first, the likeliest, read back
    if index is None and state.awaiting is Awaiting.SUGGESTION:
        # "Would you like X?" - "the second one": X is offered again, by name, for a yes or a no.
        return asked_again(turn, "not_found_pending", in_full=False, heard=speech.heard(_ORDINAL_IDS.get(heard, heard)))
    if index is None:
        return ask_choice_again(turn, options)
    asked_for = state.asked_for
    response = settle(turn, options[index], state.choice_count, state.choice_quantity, state.choice_action)
    if state.awaiting is not None:
        state.asked_for = asked_for
    return response
