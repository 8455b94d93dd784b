"""The pieces ``make run`` holds together: embedded endpoint, tables, skill, HTTP server, console, clock."""

from __future__ import annotations

import json
import os
import re
import shutil
from datetime import timedelta
from pathlib import Path
from typing import Any

__all__ = ["LocalRuntime"]

SHOPPER_TABLE = "pantry-pal-local"
EVENT_BUS = "pantry-pal-orders-local"
EVENT_QUEUE = "pantry-pal-order-events-local"
NOTIFY_QUEUE = "pantry-pal-notify-local"
_QUIET_OUTCOMES = {"quiet hours", "nothing due", "notified today", "sent"}
LOCAL_SKILL_ID = "amzn1.ask.skill.00000000-0000-4000-8000-000000000001"
_ADVANCE_RE = re.compile(r"^(\d+)\s*([dhm])$")
# How the console's shopper answers when Alexa asks for the notification permission (":permission deny").
_PERMISSION_ANSWERS = {"accept": "ACCEPTED", "deny": "DENIED", "ignore": "NOT_ANSWERED"}


class LocalRuntime:
    def __init__(self, state_dir: Path, *, http_port: int, reset: bool = False, quiet: bool = False) -> None:
        for name, value in {"AWS_ACCESS_KEY_ID": "local", "AWS_SECRET_ACCESS_KEY": "local",
                            "AWS_DEFAULT_REGION": "us-east-1", "AWS_REGION": "us-east-1"}.items():
            os.environ.setdefault(name, value)
        import logging

        import boto3
        import httpx
        from moto.server import ThreadedMotoServer

        logging.getLogger("werkzeug").setLevel(logging.ERROR)

        from skill.alexa_app import build_skill
        from skill.bootstrap import build_services
        from skill.clock import SimulatedClock
        from skill.config import Settings
        from skill.local.console import Console
        from skill.local.envelopes import Envelopes
        from skill.local.nlu import Grammar
        from skill.local.server import serve
        from skill.tables import create_tables

        if reset and state_dir.exists():
            shutil.rmtree(state_dir)
        state_dir.mkdir(parents=True, exist_ok=True)
        self.state_dir = state_dir
        self._console_file = state_dir / "console.json"
        self._snapshot = state_dir / "pantry.json"
        saved = json.loads(self._console_file.read_text()) if self._console_file.exists() else {}
        answer = saved.get("permission_answer")
        self.permission_answer: str = answer if answer in _PERMISSION_ANSWERS else "accept"

        self._moto = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        self._moto.start()
        host, port = self._moto.get_host_and_port()
        self.endpoint = f"http://{host}:{port}"
        # moto's state is per process: start empty, so only the snapshot below decides what exists.
        httpx.post(f"{self.endpoint}/moto-api/reset", timeout=10).raise_for_status()
        self.dynamodb = boto3.client("dynamodb", endpoint_url=self.endpoint)
        self.events = boto3.client("events", endpoint_url=self.endpoint)
        self.sqs = boto3.client("sqs", endpoint_url=self.endpoint)
        create_tables(self.dynamodb, {"PantryTable": SHOPPER_TABLE})
        self._setup_event_bus()
        self._notify_url = self.sqs.create_queue(QueueName=NOTIFY_QUEUE)["QueueUrl"]
        self.notifier = ConsoleNotifier(self._describe_user)

        from skill.local import snapshot

        restored = snapshot.restore(self.dynamodb, SHOPPER_TABLE, self._snapshot)
        self._relay = _StreamRelay(self.dynamodb, self.endpoint, SHOPPER_TABLE, self.events, EVENT_BUS)

        self.clock = SimulatedClock(timedelta(seconds=saved.get("clock_offset_seconds", 0)))
        settings = Settings(skill_id=LOCAL_SKILL_ID, table_name=SHOPPER_TABLE, order_event_bus=EVENT_BUS,
                            dynamodb_endpoint=self.endpoint)
        self.services = build_services(settings, dynamodb=self.dynamodb, clock=self.clock)
        self.skill = build_skill(self.services)
        envelopes = Envelopes(skill_id=LOCAL_SKILL_ID)
        envelopes.session_id = saved.get("session_id")
        envelopes.attributes = saved.get("attributes", {})
        self.console = Console(self.invoke, Grammar.from_file(_root() / "interaction_models" / "en-US.json"),
                               envelopes, now=self.clock.now)
        # ":json" after a scripted turn run by an earlier call (make run ARGS='--say ...')
        self.console.last_envelope, self.console.last_response = saved.get("last_request"), saved.get("last_response")
        self.shopper_id = envelopes.user_id
        self.seeded = 0
        if not restored:
            from skill.local.demo import seed_demo_shopper

            self.seeded = seed_demo_shopper(self.services, self.shopper_id, self.clock.now())
            self._save()
        self._relay.skip_to_latest()
        try:
            self.http = serve(self.invoke, port=http_port)
        except OSError:
            self.http = serve(self.invoke, port=0)  # the usual port is taken: any free one
        self._quiet = quiet

    # --- the skill ----------------------------------------------------------------------------------
    def invoke(self, envelope: dict[str, Any]) -> dict[str, Any]:
        from skill.alexa_app import handle

        response = handle(envelope, None, self.skill)
        self._relay.pump()
        return response

    def turn(self, text: str, *, echo: bool) -> str:
        reply = self.console.say(text)
        if reply.asks_permission is not None:
            # Alexa itself asks ("Do you give Pantry Pal permission to send you notifications?") and sends the
            # skill the answer; here the console answers as ":permission" says (accept by default).
            if echo:
                self._echo(reply)
                print(f"       (Alexa asks for permission to send notifications; the console answers: "
                      f"{self.permission_answer}. Change it with :permission deny, or ignore)")
            reply = self.console.answer_permission(_PERMISSION_ANSWERS[self.permission_answer])
        self._save()
        if echo:
            self._echo(reply)
        return reply.speech

    def _echo(self, reply: Any) -> None:
        print(f"alexa> {reply.speech}")
        if reply.card:
            title = reply.card.get("title") or reply.card.get("type")
            content = reply.card.get("content") or ""
            print(f"       [card: {title}]" + "".join(f"\n         {line}" for line in content.splitlines()))
        if reply.ends_session and reply.asks_permission is None:
            print("       (session ended)")

    # --- console commands ---------------------------------------------------------------------------
    def command(self, text: str) -> str:
        name, _, argument = text[1:].partition(" ")
        if name == "advance":
            match = _ADVANCE_RE.match(argument.strip())
            if not match:
                return "usage: :advance 14d (or 6h, 30m)"
            amount, unit = int(match.group(1)), match.group(2)
            remaining = timedelta(**{{"d": "days", "h": "hours", "m": "minutes"}[unit]: amount})
            lines, runs, read = [], 0, 0
            while remaining > timedelta(0):  # an hour at a time, as the deployed schedule sees it
                step = min(remaining, timedelta(hours=1))
                self.clock.advance(step)
                remaining -= step
                items, notes = self._after_advance()
                runs, read = runs + 1, read + items
                if notes:
                    lines.append(f"[{self.clock.now():%a %Y-%m-%d %H:%M} UTC] " + "; ".join(notes))
            self._save()
            lines.append(f"clock is now {self.clock.now():%a %Y-%m-%d %H:%M} UTC "
                         f"({runs} scheduler runs read {read} due items in all)")
            return "\n".join(lines)
        if name == "voicecode":
            code = argument.strip()
            if not (len(code) == 4 and code.isdigit()):
                return "usage: :voicecode 1234 (what the Pantry Pal app would set)"
            self.services.shopping.set_voice_code(self.shopper_id, code)
            self._save()
            return "voice code set: orders now ask for it"
        if name == "permission":
            return self._permission(argument.strip())
        if name == "events":
            return self._drain_events()
        if name == "json":
            if self.console.last_envelope is None:
                return "nothing has been sent to the skill yet"
            last = {"request": self.console.last_envelope, "response": self.console.last_response}
            return json.dumps(last, indent=2)
        if name == "notifications":
            return self._notifications()
        if name == "reset":
            return "run `make run ARGS=--reset` to start again from the demo shopper"
        return f"unknown command {text}; :help lists them"

    def _after_advance(self) -> tuple[int, list[str]]:
        """One scheduler run and the notifier draining its queue, as the deployed stack would do them."""
        from reorder.ports import RetryLaterError
        from skill.reorder_store import SqsShopperQueue

        assert self.services.reorder is not None
        run = self.services.reorder.schedule(SqsShopperQueue(self.sqs, self._notify_url))
        lines: list[str] = []
        before = len(self.notifier.sent)
        for message in self._receive(self._notify_url):
            try:
                results = self.services.reorder.notify(json.loads(message["Body"])["shopper_ids"], self.notifier)
                lines += [f"notifier: {outcome}" for outcome in results.values()]
            except RetryLaterError as error:
                lines.append(f"notifier: will retry ({error})")
        lines += [f"NOTIFICATION to {n}" for n in self.notifier.sent[before:]]
        return run.items_read, lines

    def _permission(self, argument: str) -> str:
        """":permission accept|deny|ignore": how the console answers Alexa's question for the notification
        permission; ":permission revoke": the shopper turns Pantry Pal's notifications off in the Alexa app."""
        profile = self.services.shopping.profile(self.shopper_id)
        if argument == "revoke":
            self.services.shopping.save_profile(profile.model_copy(update={"notifications_permitted": False}))
            self._save()
            return "notifications are now off for the demo shopper (as if turned off in the Alexa app)"
        if argument in _PERMISSION_ANSWERS:
            self.permission_answer = argument
            self._save()
        elif argument:
            return "usage: :permission accept|deny|ignore (how to answer Alexa's question) or :permission revoke"
        allowed = "allowed" if profile.notifications_permitted else "not allowed"
        return f"notifications are {allowed}; when Alexa asks for them, the console will {self.permission_answer}"

    def _notifications(self) -> str:
        return "\n".join(self.notifier.sent) or "no notifications sent in this run of the console"

    def _receive(self, queue_url: str) -> list[dict[str, Any]]:
        messages = []
        while batch := self.sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10).get("Messages", []):
            for message in batch:
                self.sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=message["ReceiptHandle"])
            messages += batch
        return messages

    def _describe_user(self, user_id: str) -> str:
        return "the demo shopper" if user_id == self.shopper_id else "a shopper"

    # --- plumbing -----------------------------------------------------------------------------------
    def banner(self) -> str:
        lines = [f"Pantry Pal local: DynamoDB-compatible endpoint {self.endpoint}, "
                 f"skill on http://127.0.0.1:{self.http.server_port}/ (POST an Alexa request envelope)"]
        if self.seeded:
            lines.append(f"Seeded the demo shopper with {self.seeded} past orders.")
        return "\n".join(lines)

    def _setup_event_bus(self) -> None:
        if EVENT_BUS not in {bus["Name"] for bus in self.events.list_event_buses()["EventBuses"]}:
            self.events.create_event_bus(Name=EVENT_BUS)
        queue_url = self.sqs.create_queue(QueueName=EVENT_QUEUE)["QueueUrl"]
        attributes = self.sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])["Attributes"]
        queue_arn = attributes["QueueArn"]
        self.events.put_rule(Name="all-order-events", EventBusName=EVENT_BUS,
                             EventPattern=json.dumps({"source": ["pantry-pal.orders"]}))
        self.events.put_targets(Rule="all-order-events", EventBusName=EVENT_BUS,
                                Targets=[{"Id": "local-queue", "Arn": queue_arn}])
        self._queue_url = queue_url

    def _drain_events(self) -> str:
        lines = []
        while True:
            batch = self.sqs.receive_message(QueueUrl=self._queue_url, MaxNumberOfMessages=10).get("Messages", [])
            if not batch:
                break
            for message in batch:
                event = json.loads(message["Body"])
                detail = event.get("detail", {})
                count = len(detail.get("lines", []))
                lines.append(f"{event.get('detail-type')}: order {detail.get('order_id')} total "
                             f"{detail.get('total')} ({count} line{'' if count == 1 else 's'})")
                self.sqs.delete_message(QueueUrl=self._queue_url, ReceiptHandle=message["ReceiptHandle"])
        return "\n".join(lines) or "no new order events (events arrive while the console runs)"

    def _save(self) -> None:
        from skill.local import snapshot

        snapshot.save(self.dynamodb, SHOPPER_TABLE, self._snapshot)
        envelopes = self.console.envelopes
        self._console_file.write_text(json.dumps({
            "clock_offset_seconds": self.clock.offset.total_seconds(),
            "session_id": envelopes.session_id,
            "attributes": envelopes.attributes,
            "last_request": self.console.last_envelope,
            "last_response": self.console.last_response,
            "permission_answer": self.permission_answer,
        }))

    def close(self) -> None:
        self.http.shutdown()
        self._moto.stop()


class ConsoleNotifier:
    """Stands in for Alexa's Proactive Events API locally: records what would be sent."""

    def __init__(self, describe: Any) -> None:
        self.sent: list[str] = []
        self._describe = describe
        self._seen: set[str] = set()

    def notify(self, *, user_id: str, reference_id: str) -> Any:
        from reorder.ports import NotifyOutcome

        if reference_id in self._seen:
            return NotifyOutcome.ALREADY_SENT
        self._seen.add(reference_id)
        self.sent.append(f"{self._describe(user_id)}: \"You have a new message from Pantry Pal.\"")
        return NotifyOutcome.SENT


class _StreamRelay:
    """Feeds the table's stream to ``skill.events_app.publish``, as the stream-triggered Lambda does."""

    def __init__(self, dynamodb: Any, endpoint: str, table: str, events: Any, bus: str) -> None:
        import boto3

        self._streams = boto3.client("dynamodbstreams", endpoint_url=endpoint)
        self._events, self._bus = events, bus
        stream_arn = dynamodb.describe_table(TableName=table)["Table"]["LatestStreamArn"]
        shard = self._streams.describe_stream(StreamArn=stream_arn)["StreamDescription"]["Shards"][0]
        self._stream_arn, self._shard = stream_arn, shard["ShardId"]
        self._iterator: str | None = None

    def skip_to_latest(self) -> None:
        self._iterator = self._streams.get_shard_iterator(
            StreamArn=self._stream_arn, ShardId=self._shard, ShardIteratorType="LATEST")["ShardIterator"]

    def pump(self) -> None:
        from skill.events_app import publish

        if self._iterator is None:
            return
        response = self._streams.get_records(ShardIterator=self._iterator)
        publish(response.get("Records", []), self._events, self._bus)
        self._iterator = response.get("NextShardIterator") or self._iterator


def _root() -> Path:
    return Path(__file__).resolve().parents[2]
