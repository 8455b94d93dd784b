"""Keep the local table across ``make run`` sessions: saved after every turn, restored at start."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

__all__ = ["restore", "save"]


def save(client: Any, table: str, path: Path) -> int:
    items = [item for page in client.get_paginator("scan").paginate(TableName=table) for item in page["Items"]]
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(items))
    os.replace(temporary, path)  # atomic: a crash mid-write never leaves half a snapshot
    return len(items)


def restore(client: Any, table: str, path: Path) -> int:
    if not path.exists():
        return 0
    items = json.loads(path.read_text())
    for start in range(0, len(items), 25):
        batch = [{"PutRequest": {"Item": item}} for item in items[start : start + 25]]
        client.batch_write_item(RequestItems={table: batch})
    return len(items)
