"""Who the shopper is: the linked account when account linking is on, else the Alexa user id.

Alexa issues a new user id when a skill is disabled and enabled again; the linked account does not change,
so orders follow the account, and the profile keeps the current user id (for notifications).
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any, Protocol

import httpx

__all__ = ["Accounts", "LwaProfileDirectory"]


class AccountDirectory(Protocol):
    def account_id(self, access_token: str) -> str: ...


class LwaProfileDirectory:
    """Linked accounts through Login with Amazon: the profile endpoint names the account of a token."""

    def __init__(self, profile_url: str, *, client: httpx.Client | None = None, cache_size: int = 1024) -> None:
        self._url = profile_url
        self._client = client or httpx.Client(timeout=2.0)
        self._cache: OrderedDict[str, str] = OrderedDict()
        self._cache_size = cache_size

    def account_id(self, access_token: str) -> str:
        if access_token in self._cache:
            self._cache.move_to_end(access_token)
            return self._cache[access_token]
        response = self._client.get(self._url, headers={"Authorization": f"Bearer {access_token}"})
        response.raise_for_status()
        account: Any = response.json()["user_id"]
        self._cache[access_token] = str(account)
        if len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
        return str(account)


class Accounts:
    def __init__(self, *, directory: AccountDirectory | None) -> None:
        self._directory = directory

    def shopper_id(self, *, alexa_user_id: str, access_token: str | None) -> str:
        if access_token and self._directory is not None:
            return f"acct:{self._directory.account_id(access_token)}"
        return alexa_user_id
