"""The FastAPI application: ``create_app()`` wires routers, errors, CORS and pages.

Run with ``uvicorn api.main:create_app --factory``.
"""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from api import pages, scheduler
from api.csp import mount_static
from api.handoff_watch import install_watch
from api.problems import install_problem_handlers
from api.routes import (
    adviseur_pagina,
    beheer,
    dashboard_pagina,
    frontdesk,
    geschiktheid,
    health,
    intakes,
    medewerkers,
    overdracht_wachten,
    overdrachten,
    privacy,
    regelingen,
    scans,
    statistieken,
    verwijderverzoeken,
    widget,
)
from api.security import install_guards
from api.service_auth import require_in_production
from assistant import db
from assistant.handoff.rasa_channel import RasaChannel
from assistant.intake.privacy import install_log_masking
from assistant.settings import Settings, get_settings


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    require_in_production(settings)  # no write endpoints without the action server's secret
    app = FastAPI(
        title="Schakel API",
        version="1.0.0",
        description="API van Schakel, de digitale assistent voor ondernemers en het "
        "MKB Schakelteam. Volgt de API Design Rules van de Nederlandse overheid.",
        openapi_url="/api/v1/openapi.json",
        docs_url="/api/v1/docs",
        redoc_url=None,
        lifespan=scheduler.lifespan,  # the retention job, hourly by default
    )
    app.state.settings = settings
    # The ondernemer's conversation in Rasa: pause, deliver, resume (overdracht takeover).
    app.state.channel = RasaChannel.from_settings(settings)
    install_log_masking()  # no personal data in any log line, uvicorn's included
    if settings.auto_create_schema:  # local SQLite; production runs Alembic migrations
        db.create_schema(settings.database_url)
    install_problem_handlers(app)
    install_guards(app, settings)  # body size, rate limits, 503 when the database is away
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type", "Idempotency-Key"],
        )
    install_watch(app)  # overdracht time-outs: nobody claims, the adviser goes silent
    for router in (health.router, pages.router, overdrachten.router, adviseur_pagina.router,
                   overdracht_wachten.router,
                   intakes.router, scans.router, privacy.router, widget.router,
                   regelingen.router, geschiktheid.router, frontdesk.router,
                   medewerkers.router, medewerkers.pages,
                   statistieken.router, dashboard_pagina.router, verwijderverzoeken.router,
                   beheer.router, beheer.pages):
        app.include_router(router)
    mount_static(app)  # /static: the pages' scripts and styles (api/csp.py)
    return app
