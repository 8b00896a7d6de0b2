# The action server and the API: one image, two commands (see deploy/compose.yml).
#   docker build -f deploy/Dockerfile.app -t schakel-app .
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1 \
    SCHAKEL_ENVIRONMENT=production SCHAKEL_AUTO_CREATE_SCHEMA=false \
    SCHAKEL_DATA_DIR=/data HOME=/home/schakel

RUN useradd --create-home --uid 1001 schakel && mkdir /data && chown schakel /data
WORKDIR /app

COPY requirements/app.lock requirements/app.lock
RUN pip install --no-cache-dir -r requirements/app.lock

COPY alembic.ini ./
COPY alembic alembic
COPY assistant assistant
COPY api api
COPY actions actions
COPY knowledge knowledge
COPY scripts/__init__.py scripts/action_server.py scripts/

USER schakel
VOLUME /data
EXPOSE 8000 5055
# Default: the API. Migrations run once, in their own service, before it starts.
CMD ["python", "-m", "uvicorn", "api.main:create_app", "--factory", "--host", "0.0.0.0", \
     "--port", "8000", "--no-server-header"]
