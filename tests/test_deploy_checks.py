"""`manage.py check --deploy` with production settings, in a fresh process."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PRODUCTION = {
    "DATABASE_URL": "postgres://reseau:reseau@127.0.0.1:5432/reseau",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "ELASTICSEARCH_URL": "http://127.0.0.1:9200",
    "EMAIL_URL": "smtp+tls://mailer:secret@127.0.0.1:587",
    "HTTPS": "true",
    "DEBUG": "false",
    "SECRET_KEY": "x7Rq-" + "k" * 20 + "-Lm9pZ2" + "vT4wY8nB1cD6eF0gH3jK5",
    "ALLOWED_HOSTS": "reseau.example",
}


def check(env_overrides: dict[str, str]) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items()
           if k not in PRODUCTION and k != "DJANGO_SETTINGS_MODULE"}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = check(PRODUCTION)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_check_deploy_names_every_embedded_part():
    result = check({})
    assert result.returncode != 0
    for code in ("reseau.W001", "reseau.W002", "reseau.W003", "reseau.W004", "reseau.W005",
                 "security.W004", "security.W008"):
        assert code in result.stderr, code
