"""Production settings come from the environment alone, and `check --deploy` is clean with them."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]

# The production environment the README documents ("Production"), with example values.
PRODUCTION = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    "DJANGO_ALLOWED_HOSTS": "meetings.example.org",
    "DJANGO_CSRF_TRUSTED_ORIGINS": "https://meetings.example.org",
    "DJANGO_BEHIND_PROXY": "true",
    "TASKS_BACKEND": "database",
}


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "AXES_"))}
    return subprocess.run(
        [sys.executable, *args],
        cwd=BASE_DIR,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_the_production_environment():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], PRODUCTION)

    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_check_deploy_warns_with_the_development_defaults():
    """The development defaults are not production settings (and the check above can fail)."""
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], {})

    assert result.returncode != 0
    for warning in ("W004", "W008", "W009", "W012", "W016", "W018"):
        assert f"security.{warning}" in result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in PRODUCTION.items() if k != "DJANGO_SECRET_KEY"}

    result = run(["manage.py", "check"], env)

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


RESPONSES = """
from django.test import Client
client = Client()
plain = client.get("/no-such-page/", HTTP_HOST="meetings.example.org")
print("redirect", plain.status_code, plain.get("Location"))
proxied = client.get("/no-such-page/", HTTP_HOST="meetings.example.org", HTTP_X_FORWARDED_PROTO="https")
print("status", proxied.status_code)
for name in ("Strict-Transport-Security", "Content-Security-Policy", "X-Frame-Options",
             "X-Content-Type-Options", "Referrer-Policy"):
    print(name, "=", proxied.get(name))
evil = client.get("/", HTTP_HOST="evil.example.com", HTTP_X_FORWARDED_PROTO="https")
print("bad host", evil.status_code)
from django.conf import settings
print("cookies", settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE, settings.SESSION_COOKIE_HTTPONLY)
"""


def test_production_responses_redirect_to_https_and_carry_the_security_headers():
    result = run(
        ["-c", "import django; django.setup()\n" + RESPONSES],
        {**PRODUCTION, "DJANGO_SETTINGS_MODULE": "diplomacy.settings"},
    )

    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "redirect 301 https://meetings.example.org/no-such-page/" in out
    assert "status 404" in out, "behind the proxy, an https request is not redirected"
    assert "Strict-Transport-Security = max-age=31536000; includeSubDomains; preload" in out
    assert "script-src 'self'" in out and "unsafe-inline" not in out
    assert "X-Frame-Options = DENY" in out
    assert "X-Content-Type-Options = nosniff" in out
    assert "Referrer-Policy = same-origin" in out
    assert "bad host 400" in out
    assert "cookies True True True" in out
