"""Staff authentication: ``Authorization: Bearer <token>`` with a role.

Use as a dependency: ``staff: Annotated[StaffToken, Depends(require_role("adviseur"))]``.
``beheerder`` may do everything; other roles only what they are named for.
No token → 401; a valid token with the wrong role → 403.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, HTTPException
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from api.deps import DbDep
from assistant.staff_tokens import StaffToken, find_active

_bearer = HTTPBearer(auto_error=False)
_CHALLENGE = {"WWW-Authenticate": "Bearer"}


def require_role(*roles: str) -> Callable[..., StaffToken]:
    allowed = set(roles) | {"beheerder"}

    def dependency(
        session: DbDep,
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    ) -> StaffToken:
        if credentials is None or credentials.scheme.lower() != "bearer":
            raise HTTPException(401, "Log in met een geldige medewerkerstoken.", _CHALLENGE)
        staff = find_active(session, credentials.credentials)
        if staff is None:
            raise HTTPException(401, "Deze token is onbekend of ingetrokken.", _CHALLENGE)
        if staff.rol not in allowed:
            raise HTTPException(403, "Je rol heeft geen toegang tot dit onderdeel.")
        return staff

    return dependency
