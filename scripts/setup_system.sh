#!/usr/bin/env bash
# Installs the Debian packages the tests need (headless Chromium; PostgreSQL, Redis and
# nginx for production mode; docker-compose to check the compose file), when missing.
# Idempotent: does nothing when everything is there.
set -euo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
# Production mode and the fault tests: PostgreSQL, Redis and nginx (loopback only; their
# Debian services are not used, scripts/stack_prod.py runs its own throw-away instances).
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)
command -v redis-server >/dev/null || [ -x /usr/bin/redis-server ] || missing+=(redis-server)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx-light)
# Checks deploy/compose.yml (`docker-compose config`; containers are not run here).
command -v docker-compose >/dev/null || missing+=(docker-compose)
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" -ne 0 ]; then
  echo "Nodig: ${missing[*]}. Installeer met: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "Installing Debian packages: ${missing[*]}"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
