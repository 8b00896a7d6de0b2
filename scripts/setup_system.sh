#!/usr/bin/env bash
# Installs the Debian packages Schakel needs, when missing. Idempotent: does nothing when
# everything is there. Their Debian services are not used: the stacks run their own
# throw-away instances on loopback ports.
#
#   scripts/setup_system.sh run    what `make run` needs: Redis (the lock store of the
#                                  Rasa servers) and nginx (in front of them)
#   scripts/setup_system.sh        also what the tests need: headless Chromium,
#                                  PostgreSQL (production mode) and docker-compose
#                                  (checks deploy/compose.yml; containers are not run)
set -euo pipefail
missing=()
command -v redis-server >/dev/null || [ -x /usr/bin/redis-server ] || missing+=(redis-server)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx-light)
if [ "${1:-all}" != "run" ]; then
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)
  command -v docker-compose >/dev/null || missing+=(docker-compose)
fi
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" -ne 0 ]; then
  echo "Nodig: ${missing[*]}. Installeer met: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "Installing Debian packages: ${missing[*]}"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
