"""Staff authentication: ``Authorization: Bearer <token>`` with a role.

Use as a dependency: ``staff: Annotated[StaffToken, Depends(require_role("adviseur"))]``.
``beheerder`` may do everything; other roles only what they are named for.
No token, an unknown, revoked or expired token → 401; the wrong role → 403.

Every accepted request that names a record or changes something is written to the
audit log (``assistant/audit.py``) and committed at once, so a request that ends in an
error (a 404 for a guessed dossiernummer) is logged too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from api.deps import DbDep
from assistant import audit
from assistant.staff_tokens import StaffToken, find, find_active

_bearer = HTTPBearer(auto_error=False)
_CHALLENGE = {"WWW-Authenticate": "Bearer"}
UNKNOWN = "Deze token is onbekend of ingetrokken."
EXPIRED = "Deze token is verlopen. Vraag een beheerder om een nieuwe."


def route_of(request: Request) -> str:
    route = request.scope.get("route")
    return getattr(route, "path", None) or request.url.path


def authenticate(session: Session, request: Request,
                 credentials: HTTPAuthorizationCredentials | None,
                 allowed: set[str]) -> StaffToken:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise HTTPException(401, "Log in met een geldige medewerkerstoken.", _CHALLENGE)
    staff = find_active(session, credentials.credentials)
    if staff is None:
        known = find(session, credentials.credentials)
        expired = known is not None and known.status() == "verlopen"
        raise HTTPException(401, EXPIRED if expired else UNKNOWN, _CHALLENGE)
    if staff.rol not in allowed:
        raise HTTPException(403, "Je rol heeft geen toegang tot dit onderdeel.")
    audit.record(session, staff_id=staff.id, naam=staff.naam, rol=staff.rol,
                 method=request.method, route=route_of(request),
                 params={**request.query_params, **request.path_params})
    session.commit()  # last use and the audit row stay, whatever the handler does
    return staff


def require_role(*roles: str) -> Callable[..., StaffToken]:
    allowed = set(roles) | {"beheerder"}

    def dependency(
        session: DbDep,
        request: Request,
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    ) -> StaffToken:
        return authenticate(session, request, credentials, allowed)

    return dependency
