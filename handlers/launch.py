"""Opening the skill: lead with what matters (announced auto orders, a due reorder prompt), bias
recognition toward the shopper's own products, then welcome."""

from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import is_request_type
from ask_sdk_model import Response
from ask_sdk_model.dialog import DynamicEntitiesDirective
from ask_sdk_model.er.dynamic import Entity, EntityListItem, EntityValueAndSynonyms, UpdateBehavior

from handlers.base import Turn
from handlers.base_handler import Handler
from handlers.flows import follow_up_unreported, said_went_through

__all__ = ["LaunchHandler", "dynamic_products"]

PRODUCT_SLOT_TYPE = "ProductType"
MAX_DYNAMIC_ENTITIES = 100  # Alexa accepts at most 100 dynamic entity values per slot type


def dynamic_products(turn: Turn) -> DynamicEntitiesDirective | None:
    """The shopper's own products as dynamic entities, most bought first, so Alexa hears them better.

    Only the forms that name the product alone go as synonyms, as in the interaction model: a generic word
    ("milk") resolved to a product bought once would override the shopper's usual one.
    """
    counts: dict[str, int] = {}
    for product_id in turn.history:
        counts[product_id] = counts.get(product_id, 0) + 1
    products = turn.services.products(sorted(counts, key=lambda pid: -counts[pid])[:MAX_DYNAMIC_ENTITIES])
    if not products:
        return None
    from catalog import spoken_forms

    catalog = turn.services.catalog
    entities = [
        Entity(
            id=product.id,
            name=EntityValueAndSynonyms(
                value=product.name[:140],
                synonyms=[form for form in spoken_forms(product) if catalog.names_only(form, product.id)][:20],
            ),
        )
        for product in products
    ]
    return DynamicEntitiesDirective(
        update_behavior=UpdateBehavior.REPLACE,
        types=[EntityListItem(name=PRODUCT_SLOT_TYPE, values=entities)],
    )


class LaunchHandler(Handler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_request_type("LaunchRequest")(handler_input)

    def respond(self, turn: Turn) -> Response:
        speech = turn.speech
        directive = dynamic_products(turn)
        if directive is not None:
            turn.directive(directive)
        # An order that went through while the shopper was told its outcome was unknown: followed up, and said.
        if found := follow_up_unreported(turn, among=turn.recent_orders):  # the orders dynamic_products read
            turn.news = said_went_through(turn, found)
        if turn.services.reorder is not None:
            from handlers.reorder import lead_with_prompt

            led = lead_with_prompt(turn)
            if led is not None:
                return led
        key = "welcome_back" if directive is not None else "welcome"
        return turn.ask(speech.say(key), speech.say("reprompt_main"))
