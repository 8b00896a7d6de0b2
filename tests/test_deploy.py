"""The container files in deploy/: checked with `docker-compose config` (Debian's
docker-compose, installed by scripts/setup_system.sh; no containers are started here)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from assistant.settings import REPO_ROOT

DEPLOY = REPO_ROOT / "deploy"


def compose_config(env_file: Path) -> subprocess.CompletedProcess:
    binary = shutil.which("docker-compose")
    if binary is None:
        pytest.fail("docker-compose ontbreekt: run 'make test' (scripts/setup_system.sh)")
    return subprocess.run(
        [binary, "--env-file", str(env_file), "-f", str(DEPLOY / "compose.yml"), "config"],
        capture_output=True, text=True, cwd=DEPLOY, timeout=120,
    )


def filled_env(tmp_path: Path, leave_out: str | None = None) -> Path:
    lines = []
    for line in (DEPLOY / "env.example").read_text().splitlines():
        name, _, value = line.partition("=")
        if line.startswith("#") or not _ or name == leave_out:
            lines.append(line)
        else:
            lines.append(f"{name}={value or 'geheim-' + name.lower()}")
    path = tmp_path / ".env"
    path.write_text("\n".join(lines) + "\n")
    return path


def test_the_compose_file_is_valid_with_every_secret_filled_in(tmp_path):
    result = compose_config(filled_env(tmp_path))
    assert result.returncode == 0, result.stderr
    services = yaml.safe_load(result.stdout)["services"]
    assert {"postgres", "redis", "migrate", "rasa", "acties", "api", "nginx"} <= set(services)
    for name in ("rasa", "acties"):
        assert services[name]["deploy"]["replicas"] >= 2
    assert services["rasa"]["environment"]["SCHAKEL_RASA_TOKEN"] == "geheim-schakel_rasa_token"
    assert services["api"]["environment"]["SCHAKEL_PUBLIC_URL"]
    for name in ("api", "acties"):  # the action servers' credential for the API
        assert services[name]["environment"]["SCHAKEL_SERVICE_TOKEN"] == (
            "geheim-schakel_service_token")


@pytest.mark.parametrize("secret", ["SCHAKEL_DB_PASSWORD", "SCHAKEL_RASA_TOKEN",
                                    "SCHAKEL_REDIS_PASSWORD", "SCHAKEL_SERVICE_TOKEN"])
def test_there_are_no_default_secrets(tmp_path, secret):
    result = compose_config(filled_env(tmp_path, leave_out=secret))
    assert result.returncode != 0
    assert re.search(secret, result.stderr)
