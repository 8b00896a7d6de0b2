"""The action server's credential: only it may call the API's write endpoints.

``POST /intakes``, ``/scans``, ``/overdrachten``, ``/gebeurtenissen`` and the erasure
requests from the chat are called by the action server (through its outbox,
``assistant/outbox.py``), never by a browser. They need ``Authorization: Bearer
<SCHAKEL_SERVICE_TOKEN>``, compared in constant time; anything else gets 401
problem+json. Production refuses to start without the setting (``require_in_production``);
locally every start makes up a random one and gives it to both processes
(``scripts/stack.py``).
"""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, HTTPException
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from api.deps import SettingsDep
from assistant.settings import Settings

_bearer = HTTPBearer(auto_error=False)
REFUSED = "Alleen de actieserver van Schakel mag dit doen."
MISSING_IN_PRODUCTION = (
    "SCHAKEL_SERVICE_TOKEN ontbreekt: in productie heeft de API een geheim nodig dat alleen "
    "de actieserver kent. Maak er een met: python3 -c \"import secrets; "
    "print(secrets.token_urlsafe(32))\""
)


def require_in_production(settings: Settings) -> None:
    """Stop the start of a production process that has no service credential."""
    if settings.is_production and settings.service_token is None:
        raise RuntimeError(MISSING_IN_PRODUCTION)


def require_service(
    settings: SettingsDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> None:
    expected = settings.service_token
    given = credentials.credentials if credentials else ""
    if expected is None or not hmac.compare_digest(
        given.encode("utf-8", "replace"), expected.get_secret_value().encode("utf-8")
    ):
        raise HTTPException(401, REFUSED, {"WWW-Authenticate": "Bearer"})


# ``dependencies=[ServiceOnly]`` on a route: the action server only.
ServiceOnly = Depends(require_service)
