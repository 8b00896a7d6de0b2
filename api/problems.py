"""Errors as ``application/problem+json`` (RFC 9457) with a Dutch ``title``; validation
errors list each field with a Dutch ``melding`` (``assistant/dutch_errors.py``)."""

from __future__ import annotations

from http import HTTPStatus

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from assistant.dutch_errors import dutch_message

PROBLEM_JSON = "application/problem+json"

# Dutch titles per status code; a raised HTTPException's detail becomes the ``detail``.
TITLES = {
    400: "Ongeldig verzoek",
    401: "Niet ingelogd",
    403: "Geen toegang",
    404: "Niet gevonden",
    405: "Methode niet toegestaan",
    409: "Botst met bestaande gegevens",
    413: "Verzoek te groot",
    415: "Verkeerd formaat",
    422: "Gegevens niet geldig",
    429: "Te veel verzoeken",
    500: "Er ging iets mis",
    503: "Dienst niet beschikbaar",
}


def problem(status: int, detail: str | None = None, **extra) -> JSONResponse:
    body = {"type": "about:blank", "title": TITLES.get(status, "Fout"), "status": status}
    if detail:
        body["detail"] = detail
    body.update(extra)
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON)


def install_problem_handlers(app: FastAPI) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail = exc.detail if isinstance(exc.detail, str) else None
        if detail == HTTPStatus(exc.status_code).phrase:  # Starlette's English default
            detail = None
        response = problem(exc.status_code, detail)
        for name, value in (exc.headers or {}).items():
            response.headers[name] = value
        return response

    @app.exception_handler(RequestValidationError)
    async def _validation(_request: Request, exc: RequestValidationError) -> JSONResponse:
        fouten = [
            {"veld": ".".join(str(p) for p in err.get("loc", ())), "melding": dutch_message(err)}
            for err in exc.errors()
        ]
        return problem(422, "Een of meer velden kloppen niet.", fouten=fouten)

    @app.exception_handler(Exception)
    async def _unexpected(_request: Request, _exc: Exception) -> JSONResponse:
        return problem(500, "Probeer het later opnieuw.")
