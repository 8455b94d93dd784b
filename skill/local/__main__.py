"""``make run``: the skill on this machine, with an embedded DynamoDB-compatible endpoint and a console.

Starts moto's server on 127.0.0.1, creates the tables from template.yaml, restores what earlier runs saved
(or seeds the demo shopper), serves the skill over HTTP on 127.0.0.1, and opens a text console.
``--say "..."`` runs one turn (or a console command such as ``:advance 1d``) and exits; the conversation
continues across calls, for scripts.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from skill.local.runtime import LocalRuntime

HELP = """Type what you would say to Alexa, for example:
  open pantry pal | order two bounty paper towels | yes | what's in my cart | cancel my last order
Console commands:
  :advance 14d   move the simulated clock (d, h, m) and run the reorder scheduler and notifier
  :notifications notifications sent so far      :events   order events on the local event bus
  :voicecode 1234  set the demo shopper's voice code (as the Pantry Pal app would)
  :permission deny how the console answers when Alexa asks for the notification permission (accept, deny,
                 ignore); :permission revoke turns notifications off, as the shopper could in the Alexa app
  :json          show the last request/response  :reset    forget all local data and reseed the demo
  :help          this text                        :quit     leave (Ctrl-D works too)"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make run", description=__doc__)
    parser.add_argument("--say", action="append", default=[], help="say this, print the answer, exit")
    parser.add_argument("--state-dir", type=Path, default=Path(os.environ.get("PANTRY_LOCAL_DIR", ".local")))
    parser.add_argument("--http-port", type=int, default=int(os.environ.get("PANTRY_HTTP_PORT", "8720")))
    parser.add_argument("--reset", action="store_true", help="start from a fresh demo shopper")
    args = parser.parse_args(argv)

    runtime = LocalRuntime(args.state_dir, http_port=args.http_port, reset=args.reset, quiet=bool(args.say))
    try:
        if args.say:
            for text in args.say:
                if text.startswith(":"):
                    print(runtime.command(text))  # ":advance 14d" in a script, as in the console
                else:
                    runtime.turn(text, echo=True)
            return 0
        print(runtime.banner())
        print(HELP)
        while True:
            try:
                text = input("\nyou> ").strip()
            except (EOFError, KeyboardInterrupt):
                print()
                return 0
            if not text:
                continue
            if text in (":quit", ":q", ":exit"):
                return 0
            if text == ":help":
                print(HELP)
                continue
            if text.startswith(":"):
                print(runtime.command(text))
                continue
            runtime.turn(text, echo=True)
    finally:
        runtime.close()


if __name__ == "__main__":
    sys.exit(main())
