#!/usr/bin/env bash
# First start of the database container: one role and database each for the API and
# Rasa, with the passwords from the environment (deploy/compose.yml).
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v api_pw="$SCHAKEL_DB_PASSWORD" -v rasa_pw="$SCHAKEL_TRACKER_PASSWORD" <<'SQL'
CREATE ROLE schakel LOGIN PASSWORD :'api_pw';
CREATE DATABASE schakel OWNER schakel;
CREATE ROLE rasa LOGIN PASSWORD :'rasa_pw';
CREATE DATABASE rasa OWNER rasa;
SQL
