"""Cold start of the skill's Lambda entry point, and of a batch one, against a bare ``import ask_sdk_core, boto3``.

Each sample is a fresh interpreter (a cold container): the skill sample imports ``skill.alexa_app`` and
answers one LaunchRequest from events/ (building the services, loading the catalog and its matcher index,
one DynamoDB round trip to the embedded endpoint started by this script); the batch sample imports
``skill.reorder_app`` and builds its services as the notifier's (and the scheduler's) first message does
(``reorder_app._container``: the catalog, without its match index, and the clients; no AWS call); the
baseline sample only imports ask_sdk_core and boto3. Figures are medians of ``--runs`` samples, with each
sample's peak RSS, and the ratios of the skill's and the batch function's to the baseline.

``--instacart DIR`` runs the samples on the Instacart catalog in DIR (``products.csv``, 49,688 products),
written first as the project's catalog JSON and given to the functions as ``CATALOG_PATH``; by default they
use the demo catalog.

    .venv/bin/python bench/bench_startup.py [--runs 7] [--instacart ../shared/catalog/instacart]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Every sample prints its seconds, then its peak RSS in MB: VmHWM (Linux), this process's alone (ru_maxrss keeps the
# larger high-water mark of the parent that forked it, across the exec).
PEAK_RSS = "int(next(line for line in open('/proc/self/status') if line.startswith('VmHWM')).split()[1]) / 1024"
BASELINE = f"""
import time
start = time.perf_counter()
import ask_sdk_core, boto3
print(time.perf_counter() - start, {PEAK_RSS})
"""

SKILL = f"""
import json, time
start = time.perf_counter()
from skill.alexa_app import lambda_handler
class Context:
    function_name = "bench"; memory_limit_in_mb = 1024; aws_request_id = "bench"
    invoked_function_arn = "arn:aws:lambda:us-east-1:123456789012:function:bench"
event = json.load(open("events/launch_request.json"))
imported = time.perf_counter()
response = lambda_handler(event, Context())
done = time.perf_counter()
assert "Welcome" in response["response"]["outputSpeech"]["ssml"], response
print(imported - start, done - start, {PEAK_RSS})
"""

BATCH = f"""
import time
start = time.perf_counter()
from skill import reorder_app
imported = time.perf_counter()
services = reorder_app._container()
done = time.perf_counter()
assert len(services.catalog) > 0
print(imported - start, done - start, {PEAK_RSS})
"""


def sample(code: str, env: dict[str, str]) -> list[float]:
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    return [float(x) for x in out.stdout.split()]


def write_instacart(folder: Path, target: Path) -> int:
    """Write the Instacart catalog in ``folder`` as the project's catalog JSON (what ``CATALOG_PATH`` reads)."""
    from catalog import load_instacart

    products = [product.model_dump(mode="json") for product in load_instacart(folder)]
    target.write_text(json.dumps({"currency": "USD", "products": products}), encoding="utf-8")
    return len(products)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--instacart", type=Path, help="the Instacart catalog folder; default: the demo catalog")
    args = parser.parse_args()

    os.environ.update(AWS_ACCESS_KEY_ID="bench", AWS_SECRET_ACCESS_KEY="bench", AWS_DEFAULT_REGION="us-east-1")
    import boto3
    from moto.server import ThreadedMotoServer

    from skill.tables import create_tables

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    create_tables(boto3.client("dynamodb", endpoint_url=endpoint), {"PantryTable": "bench-startup"})
    env = {**os.environ, "PANTRY_TABLE": "bench-startup", "DYNAMODB_ENDPOINT": endpoint,
           "SKILL_ID": "amzn1.ask.skill.00000000-0000-4000-8000-000000000001", "POWERTOOLS_LOG_LEVEL": "WARNING"}
    result: dict[str, object] = {"runs": args.runs, "catalog": "demo"}
    with tempfile.TemporaryDirectory() as scratch:
        if args.instacart is not None:
            env["CATALOG_PATH"] = str(Path(scratch) / "instacart.json")
            result["catalog"] = f"instacart ({write_instacart(args.instacart, Path(env['CATALOG_PATH'])):,} products)"
        samples: dict[str, list[list[float]]] = {"baseline": [], "skill": [], "batch": []}
        for _ in range(args.runs):  # interleaved, so drift on the machine hits all alike
            samples["baseline"].append(sample(BASELINE, env))
            samples["skill"].append(sample(SKILL, env))
            samples["batch"].append(sample(BATCH, env))
    server.stop()

    def median(name: str, column: int) -> float:
        return statistics.median(row[column] for row in samples[name])

    baseline, skill, batch = median("baseline", 0), median("skill", 1), median("batch", 1)
    result.update(
        {
            "baseline_import_ask_sdk_core_boto3_s": baseline,
            "baseline_peak_rss_mb": median("baseline", 1),
            "skill_import_s": median("skill", 0),
            "skill_import_plus_first_request_s": skill,
            "skill_peak_rss_mb": median("skill", 2),
            "batch_import_s": median("batch", 0),
            "batch_import_plus_services_s": batch,
            "batch_peak_rss_mb": median("batch", 2),
            "ratio_skill_first_request_to_baseline": skill / baseline,
            "ratio_batch_services_to_baseline": batch / baseline,
        }
    )
    for key, value in result.items():
        print(f"{key:45s} {value:.3f}" if isinstance(value, float) else f"{key:45s} {value}")
    (ROOT / "bench" / "results").mkdir(exist_ok=True)
    name = "bench_startup.json" if args.instacart is None else "bench_startup_instacart.json"
    (ROOT / "bench" / "results" / name).write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
