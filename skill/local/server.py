"""The skill over HTTP on 127.0.0.1: POST an Alexa request envelope, get the response envelope.

For an Alexa emulator or the ASK CLI pointed at a local endpoint. Local only: no request signature check.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from typing import Any

from werkzeug.serving import BaseWSGIServer, make_server
from werkzeug.wrappers import Request, Response

from skill.alexa_app import SkillRefusedError, malformed_response

__all__ = ["serve"]


def _app(invoke: Callable[[dict[str, Any]], dict[str, Any]]) -> Callable[..., Any]:
    @Request.application  # type: ignore[misc]
    def app(request: Request) -> Response:
        if request.method != "POST":
            return Response("POST an Alexa request envelope here.\n", status=405, mimetype="text/plain")
        try:
            body = json.loads(request.get_data(as_text=True) or "null")
        except json.JSONDecodeError:
            return Response(json.dumps(malformed_response()), mimetype="application/json")
        try:
            result = invoke(body)
        except SkillRefusedError:
            return Response(json.dumps({"error": "request for another skill"}), status=403, mimetype="application/json")
        return Response(json.dumps(result), mimetype="application/json")

    return app


def serve(invoke: Callable[[dict[str, Any]], dict[str, Any]], *, port: int = 0) -> BaseWSGIServer:
    """Start serving on 127.0.0.1 in a daemon thread; ``server.server_port`` is the port."""
    server = make_server("127.0.0.1", port, _app(invoke), threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True, name="skill-http").start()
    return server
