"""Cold start of the skill's Lambda entry point against a bare ``import ask_sdk_core, boto3``.

Each sample is a fresh interpreter (a cold container): the skill sample imports ``skill.alexa_app`` and
answers one LaunchRequest from events/ (building the services, loading the catalog and its matcher index,
one DynamoDB round trip to the embedded endpoint started by this script); the baseline sample only imports
ask_sdk_core and boto3. Figures are medians of ``--runs`` samples, and the ratio of the two.

    .venv/bin/python bench/bench_startup.py [--runs 7]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

BASELINE = """
import time
start = time.perf_counter()
import ask_sdk_core, boto3
print(time.perf_counter() - start)
"""

SKILL = """
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
print(imported - start, done - start)
"""


def sample(code: str, env: dict[str, str]) -> list[float]:
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    return [float(x) for x in out.stdout.split()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
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

    baseline, skill_import, skill_total = [], [], []
    for _ in range(args.runs):  # interleaved, so drift on the machine hits both alike
        baseline += sample(BASELINE, env)
        imported, total = sample(SKILL, env)
        skill_import.append(imported)
        skill_total.append(total)
    server.stop()

    result = {
        "runs": args.runs,
        "baseline_import_ask_sdk_core_boto3_s": statistics.median(baseline),
        "skill_import_s": statistics.median(skill_import),
        "skill_import_plus_first_request_s": statistics.median(skill_total),
    }
    result["ratio_skill_first_request_to_baseline"] = (
        result["skill_import_plus_first_request_s"] / result["baseline_import_ask_sdk_core_boto3_s"]
    )
    for key, value in result.items():
        print(f"{key:45s} {value:.3f}" if isinstance(value, float) else f"{key:45s} {value}")
    (ROOT / "bench" / "results").mkdir(exist_ok=True)
    (ROOT / "bench" / "results" / "bench_startup.json").write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
