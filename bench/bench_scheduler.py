"""Predictive reorder at scale, on the embedded endpoint (moto's server on 127.0.0.1).

1. Scheduler cost versus shoppers: 10,000 and then 100,000 shoppers with reorder state, the same
   ``--due`` of them due in the current hour. One steady-state scheduler run (cursor an hour back) per
   size: items read, queries, queue messages and time; the ratios between the two sizes. A run
   holds the shoppers it queued (a conditional UpdateItem per due state, from what the due index
   gave), so the due states are seeded again before each repeat: every run measured queues the same
   ``--due`` shoppers.
   Items read is what DynamoDB bills a Query for and what bounds its time: a GSI Query reads only the
   matching bucket. Moto's Query walks every item of the table, so the run's time is split into time
   inside the endpoint (grows with moto's table, not with DynamoDB's) and time in our code.
2. End to end: ``--notify`` due shoppers with order histories, scheduler + notifier (the Lambda record
   record handling, SQS redelivery simulated by handling failed messages again) against the fake Alexa/LWA server
   on 127.0.0.1 answering 10% 429, 3% 432 and 7% 503 at random: notifications per second, duplicates and
   lost prompts.

    .venv/bin/python bench/bench_scheduler.py [--due 500] [--notify 1000]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # bench scripts run from a checkout, not an installed package

NOW = datetime(2026, 11, 23, 17, 5, tzinfo=UTC)  # noon in New York: outside quiet hours


class EndpointMeter:
    """Counts and times every call a boto3 client makes (paginated ones too), to split a run's time into
    time spent inside the endpoint and time spent in our code."""

    def __init__(self, client: Any) -> None:
        self.calls: list[str] = []
        self.seconds = 0.0
        original = client._make_api_call

        def timed(operation: str, params: Any) -> Any:
            self.calls.append(operation)
            began = time.perf_counter()
            try:
                return original(operation, params)
            finally:
                self.seconds += time.perf_counter() - began

        client._make_api_call = timed

    def reset(self) -> None:
        self.calls, self.seconds = [], 0.0


class ListQueue:
    def __init__(self) -> None:
        self.messages: list[list[str]] = []

    def enqueue(self, shopper_ids: Any) -> None:
        self.messages.append(list(shopper_ids))


def load_states(client: Any, table: str, shoppers: int, due: int) -> None:
    """Seed the table with plain batch writes of the items ``save_states`` would write (version 1): the
    seeding is not what is measured, and moto's transactions slow down with the table's size."""
    from reorder.state import ReorderState
    from skill.reorder_store import state_item

    later = NOW + timedelta(days=20)
    requests: list[dict[str, Any]] = []
    for n in range(shoppers):
        due_at = NOW - timedelta(minutes=3) if n < due else later + timedelta(minutes=n % 10_000)
        state = ReorderState(shopper_id=f"shopper-{n:06d}", product_id="pp-0001", due_at=due_at, version=1)
        requests.append({"PutRequest": {"Item": state_item(state)}})
        if len(requests) == 25 or n == shoppers - 1:
            pending = {table: requests}
            while pending:
                pending = client.batch_write_item(RequestItems=pending).get("UnprocessedItems") or {}
            requests = []


def scheduler_cost(endpoint: str, sizes: list[int], due: int, repeats: int) -> dict[str, Any]:
    import boto3

    from reorder.policy import bucket_of
    from skill.bootstrap import build_services
    from skill.clock import SimulatedClock
    from skill.config import Settings
    from skill.tables import create_tables

    results: dict[str, Any] = {}
    for size in sizes:
        table = f"bench-scheduler-{size}"
        raw = boto3.client("dynamodb", endpoint_url=endpoint)
        create_tables(raw, {"PantryTable": table})
        started = time.perf_counter()
        load_states(raw, table, size, due)
        loaded = time.perf_counter() - started
        meter = EndpointMeter(raw)
        clock = SimulatedClock(frozen_at=NOW)
        services = build_services(Settings(table_name=table), dynamodb=raw, clock=clock, build_match_index=False)
        totals, inside, own, runs = [], [], [], []
        for repeat in range(repeats):
            if repeat:  # the run before held its queued shoppers' states 4 h on: each run finds the same due
                load_states(raw, table, due, due)
            services.reorder_store.set_cursor(NOW - timedelta(hours=1))
            meter.reset()
            queue = ListQueue()
            began = time.perf_counter()
            run = services.reorder.schedule(queue, batch_size=50)
            total = time.perf_counter() - began
            totals.append(total)
            inside.append(meter.seconds)
            own.append(total - meter.seconds)
            runs.append((run, list(meter.calls), len(queue.messages)))
        run, calls, messages = runs[-1]
        meter.reset()
        list(services.reorder_store.due_in(bucket_of(NOW + timedelta(days=400))))  # an empty bucket
        results[str(size)] = {
            "shoppers": size, "due": due, "items_read": run.items_read, "buckets": run.buckets,
            "queue_messages": messages, "endpoint_calls": calls, "scans": sum(c == "Scan" for c in calls),
            "run_seconds": statistics.median(totals), "endpoint_seconds": statistics.median(inside),
            "own_code_seconds": statistics.median(own), "moto_empty_bucket_query_seconds": meter.seconds,
            "load_seconds": loaded,
        }
        # Beyond a Query per bucket read and the cursor's GetItem and PutItem: the calls holding the shoppers.
        holding = calls.count("Query") - run.buckets + calls.count("PutItem") - 1 + calls.count("UpdateItem")
        results[str(size)]["calls_per_queued_shopper"] = holding / max(run.shoppers, 1)
        print(f"  {size:>7} shoppers: read {run.items_read} items in {run.buckets} bucket(s) with "
              f"{calls.count('Query')} queries, {calls.count('UpdateItem')} updates, {calls.count('PutItem')} puts "
              f"(cursor included) and {results[str(size)]['scans']} scans, {messages} messages; "
              f"{holding / max(run.shoppers, 1):.2f} calls per queued shopper to hold them; "
              f"{statistics.median(totals):.3f} s, of which {statistics.median(inside):.3f} s inside moto "
              f"(an empty-bucket query there: {meter.seconds:.3f} s) and {statistics.median(own):.4f} s in our code",
              flush=True)
    small, large = results[str(sizes[0])], results[str(sizes[-1])]
    results["items_read_ratio"] = large["items_read"] / small["items_read"]
    results["time_ratio"] = large["run_seconds"] / small["run_seconds"]
    results["endpoint_time_ratio"] = large["endpoint_seconds"] / small["endpoint_seconds"]
    results["own_code_time_ratio"] = large["own_code_seconds"] / small["own_code_seconds"]
    return results


def seed_histories(client: Any, table: str, shoppers: int, catalog: Any) -> list[str]:
    from orders import Order, OrderLine, ShopperProfile
    from orders.model import price_lines
    from reorder.policy import bucket_of
    from skill.dynamodb import to_item

    towels = catalog.get("pp-0001")
    ids, requests = [], []
    for n in range(shoppers):
        shopper = f"amzn1.ask.account.BENCH{n:06d}"
        ids.append(shopper)
        profile = ShopperProfile(shopper_id=shopper, alexa_user_id=shopper, notifications_permitted=True)
        requests.append({"pk": f"SHOPPER#{shopper}", "sk": "PROFILE", **profile.model_dump()})
        for k in range(6):
            placed = NOW - timedelta(days=15 + 14 * k)
            lines = (OrderLine(product_id=towels.id, name=towels.name, quantity=1, unit=towels.unit,
                               unit_price=towels.price),)
            subtotal, tax, total = price_lines(lines, Settings_tax())
            order = Order(order_id=f"{placed:%Y%m%dT%H%M%S}-b{k}", shopper_id=shopper, lines=lines,
                          subtotal=subtotal, tax=tax, total=total, placed_at=placed,
                          cancellable_until=placed + timedelta(minutes=30))
            requests.append({"pk": f"SHOPPER#{shopper}", "sk": f"ORDER#{order.order_id}", **order.model_dump()})
        requests.append({"pk": f"SHOPPER#{shopper}", "sk": "REORDER#pp-0001", "shopper_id": shopper,
                         "product_id": "pp-0001", "due_at": NOW - timedelta(minutes=3),
                         "due_bucket": bucket_of(NOW - timedelta(minutes=3)),
                         "due_key": f"{NOW.isoformat()}#{shopper}#pp-0001"})
    for start in range(0, len(requests), 25):
        client.batch_write_item(RequestItems={table: [{"PutRequest": {"Item": to_item(item)}}
                                                      for item in requests[start:start + 25]]})
    return ids


def Settings_tax() -> Any:
    from skill.config import Settings

    return Settings().tax_rate


def end_to_end(endpoint: str, shoppers: int, seed: int) -> dict[str, Any]:
    import boto3
    import httpx

    from catalog import load_catalog
    from reorder.ports import RetryLaterError
    from skill import reorder_app
    from skill.bootstrap import build_services
    from skill.clock import SimulatedClock
    from skill.config import Settings
    from skill.tables import create_tables
    from tests.fake_alexa import FakeAlexa

    table = "bench-end-to-end"
    client = boto3.client("dynamodb", endpoint_url=endpoint)
    meter = EndpointMeter(client)
    create_tables(client, {"PantryTable": table})
    catalog = load_catalog(ROOT / "catalog" / "data" / "demo_catalog.json")
    ids = seed_histories(client, table, shoppers, catalog)
    chance = random.Random(seed)
    with FakeAlexa() as alexa:
        alexa.dedupe = True
        alexa.script(lambda body: chance.choices([202, 429, 432, 503], weights=[80, 10, 3, 7])[0])
        clock = SimulatedClock(frozen_at=NOW)
        settings = Settings(table_name=table, alexa_api_base=alexa.base_url, lwa_token_url=alexa.token_url,
                            lwa_client_id=alexa.client_id, lwa_client_secret=alexa.client_secret)
        services = build_services(settings, dynamodb=client, clock=clock, catalog=catalog)
        notifier = reorder_app.build_notifier(settings, clock.now, http=httpx.Client(timeout=5.0))
        notifier._client._sleep = lambda seconds: None  # the 5xx backoff is the client's; not timed here
        services.reorder_store.set_cursor(NOW - timedelta(hours=1))
        meter.reset()
        began = time.perf_counter()
        queue = ListQueue()
        run = services.reorder.schedule(queue, batch_size=10)
        pending, deliveries = list(queue.messages), 0
        while pending and deliveries < 50 * len(queue.messages):  # SQS redelivers failed messages
            message = pending.pop(0)
            deliveries += 1
            try:
                services.reorder.notify(message, notifier)
            except RetryLaterError:
                pending.append(message)
        elapsed = time.perf_counter() - began
        accepted = [event["referenceId"] for event in alexa.events]
        statuses = [r for r in alexa.requests if "proactiveEvents" in r.path]
    return {
        "due_shoppers": shoppers, "scheduler_items_read": run.items_read, "notifications": len(accepted),
        "duplicates": len(accepted) - len(set(accepted)), "lost_prompts": shoppers - len(set(accepted)),
        "alexa_requests": len(statuses), "message_deliveries": deliveries, "seconds": elapsed,
        "notifications_per_second": len(accepted) / elapsed, "unfinished_messages": len(pending),
        "endpoint_calls": len(meter.calls), "seconds_inside_moto": meter.seconds,
        "notifications_per_second_outside_moto": len(accepted) / max(elapsed - meter.seconds, 1e-9),
        "fake_alexa_answers": "80% 202, 10% 429, 3% 432, 7% 503 (seeded)",
        "ids_checked": len(ids),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--due", type=int, default=500)
    parser.add_argument("--notify", type=int, default=300)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--only-end-to-end", action="store_true", help="keep the saved scheduler-cost figures")
    args = parser.parse_args()
    os.environ.update(AWS_ACCESS_KEY_ID="bench", AWS_SECRET_ACCESS_KEY="bench", AWS_DEFAULT_REGION="us-east-1",
                      POWERTOOLS_LOG_LEVEL="ERROR")
    import logging

    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    saved = ROOT / "bench" / "results" / "bench_scheduler.json"
    if args.only_end_to_end and saved.exists():
        cost = json.loads(saved.read_text())["scheduler_cost"]
    else:
        print("scheduler cost versus shoppers")
        cost = scheduler_cost(endpoint, args.sizes, args.due, args.repeats)
    print(f"  ratios {args.sizes[-1]:,} / {args.sizes[0]:,} shoppers: items read {cost['items_read_ratio']:.2f}, "
          f"time {cost['time_ratio']:.2f} (inside moto {cost['endpoint_time_ratio']:.2f}, "
          f"our code {cost['own_code_time_ratio']:.2f})")
    server.stop()
    print("end to end against the fake Alexa server")
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)  # a fresh endpoint
    server.start()
    host, port = server.get_host_and_port()
    e2e = end_to_end(f"http://{host}:{port}", args.notify, args.seed)
    print(f"  {e2e['notifications']} notifications in {e2e['seconds']:.1f} s = "
          f"{e2e['notifications_per_second']:.0f}/s; duplicates {e2e['duplicates']}, lost {e2e['lost_prompts']}, "
          f"{e2e['alexa_requests']} requests to Alexa, {e2e['message_deliveries']} message deliveries; "
          f"{e2e['seconds_inside_moto']:.1f} s inside moto ({e2e['endpoint_calls']} calls, each walking the table), "
          f"so {e2e['notifications_per_second_outside_moto']:.0f}/s for our code and the HTTP to Alexa")
    server.stop()
    out = {"scheduler_cost": cost, "end_to_end": e2e, "now": NOW.isoformat()}
    (ROOT / "bench" / "results").mkdir(exist_ok=True)
    (ROOT / "bench" / "results" / "bench_scheduler.json").write_text(json.dumps(out, indent=2, default=str) + "\n")


if __name__ == "__main__":
    main()
