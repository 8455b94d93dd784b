"""Who the shopper is: the linked account when account linking is on, else the Alexa user id.

Alexa issues a new user id when a skill is disabled and enabled again; the linked account does not change,
so orders follow the account, and the profile keeps the current user id (for notifications).
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any, Protocol

import httpx

__all__ = ["AccountLinkError", "Accounts", "LwaProfileDirectory"]


class AccountLinkError(Exception):
    """The access token does not name an account now (expired, revoked, or the provider is unreachable).

    ``refused`` when Login with Amazon answered and did not take the token (a 4xx, or a profile without a
    user id): a token it never issued, as when account linking is set up with another provider, or one
    granted without the ``profile`` scope. Otherwise it could not be asked (unreachable, or a 5xx).
    """

    def __init__(self, reason: str, *, refused: bool) -> None:
        super().__init__(reason)
        self.refused = refused


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
        """The linked account for a token, else the Alexa user; ``AccountLinkError`` if the token fails."""
        if access_token and self._directory is not None:
            try:
                return f"acct:{self._directory.account_id(access_token)}"
            except httpx.HTTPStatusError as error:
                status = error.response.status_code
                raise AccountLinkError(f"HTTP {status}", refused=status < 500) from error
            except KeyError as error:
                raise AccountLinkError("no user_id in the profile", refused=True) from error
            except (httpx.HTTPError, ValueError) as error:
                raise AccountLinkError(type(error).__name__, refused=False) from error
        return alexa_user_id
