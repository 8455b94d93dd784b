"""A turn answers within its time: DynamoDB calls give up in time, and no attempt (nor the work after an order)
starts that could outlast the Lambda's remaining time, so a committed order is always said."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from botocore.exceptions import ReadTimeoutError

from catalog import Catalog
from orders import StorageError
from skill.alexa_app import build_skill, handle
from skill.bootstrap import Services, build_services, dynamodb_client
from skill.clock import SimulatedClock
from skill.config import Settings
from skill.deadline import DeadlineExceededError, TurnDeadline
from skill.dynamodb import DynamoShopperStore
from skill.local.console import Console
from skill.local.envelopes import Envelopes
from skill.local.nlu import Grammar
from skill.tables import create_tables
from tests.conftest import NOW, SKILL_ID
from tests.integration.conftest import PANTRY_TABLE, scan_keys

DAWN = "pp-0014"


@dataclass
class BlackHole:
    """A listener on 127.0.0.1 that accepts connections and never answers (DynamoDB stalled)."""

    endpoint: str
    connections: list[socket.socket]


@pytest.fixture
def black_hole(monkeypatch: pytest.MonkeyPatch) -> Iterator[BlackHole]:
    for name, value in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}.items():
        monkeypatch.setenv(name, value)
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    connections: list[socket.socket] = []

    def accept() -> None:
        while True:
            try:
                connections.append(server.accept()[0])
            except OSError:  # closed at the end of the test
                return

    threading.Thread(target=accept, daemon=True).start()
    yield BlackHole(f"http://127.0.0.1:{server.getsockname()[1]}", connections)
    server.close()
    for connection in connections:
        connection.close()


@dataclass
class LambdaContext:
    """A Lambda context with ``remaining_ms`` left, counting down in real time when ``running``."""

    remaining_ms: int
    running: bool = False

    def __post_init__(self) -> None:
        self._started = time.monotonic()

    def get_remaining_time_in_millis(self) -> int:
        elapsed = int((time.monotonic() - self._started) * 1000) if self.running else 0
        return self.remaining_ms - elapsed


def test_a_dynamodb_call_that_gets_no_answer_gives_up_after_two_attempts(black_hole: BlackHole) -> None:
    # GIVEN the skill's DynamoDB client, and DynamoDB accepting connections but never answering
    client = dynamodb_client(Settings(dynamodb_endpoint=black_hole.endpoint))
    # WHEN an order's transaction is sent
    with pytest.raises(ReadTimeoutError):
        client.transact_write_items(
            TransactItems=[{"Put": {"TableName": "t", "Item": {"pk": {"S": "x"}, "sk": {"S": "y"}}}}]
        )
    # THEN it was tried twice (1 s each), not four times (2 s each: 8 s, past the skill's 7 s timeout)
    assert len(black_hole.connections) == 2


def test_no_attempt_is_sent_that_could_end_after_the_turns_deadline(black_hole: BlackHole) -> None:
    deadline = TurnDeadline()
    store = DynamoShopperStore(
        dynamodb_client(Settings(dynamodb_endpoint=black_hole.endpoint), deadline=deadline), "t"
    )
    # GIVEN a turn with 2 s left: less than one attempt (1 s to connect, 1 s to read) and the answer's reserve
    deadline.start(LambdaContext(remaining_ms=2000, running=True))
    # WHEN the skill reads
    with pytest.raises(StorageError) as refused:
        store.get_profile("shopper")
    # THEN nothing was sent, and the skill got a storage fault it answers in time
    assert isinstance(refused.value.__cause__, DeadlineExceededError)
    assert black_hole.connections == []
    # AND with 3.4 s left one attempt is sent; after its read timeout (1 s) a retry no longer fits: not sent
    deadline.start(LambdaContext(remaining_ms=3400, running=True))
    with pytest.raises(StorageError) as retried:
        store.get_profile("shopper")
    assert isinstance(retried.value.__cause__, DeadlineExceededError)
    assert len(black_hole.connections) == 1
    # AND outside a Lambda turn (no context) there is no deadline
    deadline.start(None)
    assert deadline.remaining() is None


class SlowOrderWrite:
    """The skill's client, whose order transaction commits with ``left_ms`` of the turn's ``context`` left."""

    def __init__(self, client: Any, context: LambdaContext, left_ms: int) -> None:
        self._client, self._context, self._left_ms = client, context, left_ms

    def __getattr__(self, name: str) -> Any:
        return getattr(self._client, name)

    def transact_write_items(self, **kwargs: Any) -> Any:
        answer = self._client.transact_write_items(**kwargs)
        if any(put.get("Put", {}).get("Item", {}).get("sk", {}).get("S", "").startswith("ORDER#")
               for put in kwargs["TransactItems"]):
            self._context.remaining_ms = self._left_ms
        return answer


@dataclass
class LateOrderWrite:
    """The skill on moto with a 6 s turn, whose order transaction commits with only 1.5 s of the turn left."""

    context: LambdaContext
    deadline: TurnDeadline
    client: Any
    clock: SimulatedClock
    services: Services
    console: Console

    @classmethod
    def on_moto(cls, catalog: Catalog, grammar: Grammar) -> LateOrderWrite:
        context = LambdaContext(remaining_ms=6000)
        deadline = TurnDeadline()
        settings = Settings(skill_id=SKILL_ID, table_name=PANTRY_TABLE)
        client = dynamodb_client(settings, deadline=deadline)
        create_tables(client, {"PantryTable": PANTRY_TABLE})
        clock = SimulatedClock(frozen_at=NOW)
        services = build_services(
            settings, dynamodb=SlowOrderWrite(client, context, 1500), clock=clock, catalog=catalog, deadline=deadline
        )
        skill = build_skill(services)
        console = Console(
            lambda envelope: handle(envelope, context, skill), grammar, Envelopes(skill_id=SKILL_ID), now=clock.now
        )
        return cls(context, deadline, client, clock, services, console)


def test_an_order_committed_late_in_the_turn_is_said_and_nothing_more_is_sent_to_dynamodb(
    moto_aws: None, demo_catalog: Catalog, grammar: Grammar
) -> None:
    # GIVEN the skill on moto with a 6 s turn, whose order transaction commits with only 1.5 s of the turn left
    late = LateOrderWrite.on_moto(demo_catalog, grammar)
    deadline, client, console = late.deadline, late.client, late.console
    sent: list[str] = []
    client.meta.events.register("before-send.dynamodb", lambda event_name, **_: sent.append(event_name))
    console.say("open pantry pal")
    assert console.say("order dawn").speech.endswith("Should I order it?")
    # WHEN the shopper says yes
    sent.clear()
    done = console.say("yes")
    # THEN they hear the order placed, with its receipt
    assert done.speech.startswith("Done. I've ordered one bottle of Dawn")
    assert done.card is not None
    # AND the order transaction was the turn's last DynamoDB request: the follow-up claim and the reorder
    # schedule's refresh (several reads and a write) were not started with too little time left
    assert sent[-1].endswith("TransactWriteItems")
    assert sent.count("before-send.dynamodb.TransactWriteItems") == 1
    deadline.start(None)  # the turn is over: the test reads the table
    keys = [sk for pk, sk in scan_keys(client) if pk == f"SHOPPER#{console.envelopes.user_id}"]
    assert sum(sk.startswith("ORDER#") for sk in keys) == 1
    assert not any(sk.startswith("REORDER#") for sk in keys)


@pytest.mark.parametrize("next_request", ["what's in my cart", None], ids=["next-turn", "session-ended"])
def test_the_reorder_schedule_skipped_for_lack_of_time_is_made_at_the_next_request(
    moto_aws: None, demo_catalog: Catalog, grammar: Grammar, next_request: str | None
) -> None:
    # GIVEN the skill on moto, whose order of dawn (never bought before) commits with too little of the turn left
    # for its reorder schedule
    late = LateOrderWrite.on_moto(demo_catalog, grammar)
    context, deadline, client, clock, console = late.context, late.deadline, late.client, late.clock, late.console
    heard: list[str] = []
    late.services.order_listeners.append(lambda order: heard.append(order.order_id))
    console.say("open pantry pal")
    console.say("order dawn")
    assert console.say("yes").speech.startswith("Done. I've ordered one bottle of Dawn")
    shopper = f"SHOPPER#{console.envelopes.user_id}"
    deadline.start(None)
    assert not any(sk.startswith("REORDER#") for pk, sk in scan_keys(client) if pk == shopper)
    # WHEN the session's next request (another question, or the session ending) has time to spare
    context.remaining_ms = 6000
    if next_request is None:
        console.end_session()
    else:
        assert console.say(next_request).speech == "Your cart is empty."
    # THEN the order's listeners run then, once: dawn has its reorder schedule
    deadline.start(None)
    assert any(sk == "REORDER#pp-0014" for pk, sk in scan_keys(client) if pk == shopper)
    assert len(heard) == 1
    # AND the order is not told of again at the next launch
    context.remaining_ms = 6000
    clock.advance(timedelta(hours=1))
    console.envelopes.new_session()
    assert not console.say("open pantry pal").speech.startswith("Your order did go through")
    assert len(heard) == 1
