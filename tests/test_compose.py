"""Docker does not run on these machines, so check that docker-compose.yml only
asks for commands and settings this project really has. CI runs the same
commands natively against PostgreSQL and Redis (.ci/smoke)."""

import importlib
import re
from pathlib import Path

import pytest
import yaml
from celery import Celery
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
APP_SERVICES = {name: spec for name, spec in COMPOSE["services"].items() if spec.get("image") == "vss-publisher:latest"}


def settings_env_names():
    names = set()
    for path in (ROOT / "cms" / "settings").glob("*.py"):
        names |= set(re.findall(r"""(?:environ\.get|env_list|env_bool)\(\s*["']([A-Z0-9_]+)["']""", path.read_text()))
    return names | {"DJANGO_SETTINGS_MODULE"}


def test_every_required_service_is_there():
    assert {"web", "worker", "beat", "postgres", "redis", "minio"} <= set(COMPOSE["services"])
    assert {"web", "worker", "beat", "migrate"} <= set(APP_SERVICES)


@pytest.mark.parametrize("name", sorted(APP_SERVICES))
def test_service_command_exists_in_the_project(name):
    command = APP_SERVICES[name]["command"]
    if command[0] == "gunicorn":
        module, attribute = command[1].split(":")
        assert callable(getattr(importlib.import_module(module), attribute))
    elif command[0] == "celery":
        assert command[1] == "-A"
        app = importlib.import_module(command[2]).celery_app
        assert isinstance(app, Celery)
        assert command[3] in {"worker", "beat"}
    elif command[:2] == ["python", "manage.py"]:
        assert command[2] in get_commands(), f"no management command {command[2]}"
    elif command[:2] == ["python", "-m"]:
        assert callable(importlib.import_module(command[2]).main)
    else:
        pytest.fail(f"unexpected command {command}")


def test_beat_runs_the_scheduled_publishing_task():
    from django.conf import settings

    from publishing.celery import app

    app.loader.import_default_modules()
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        assert entry["task"] in app.tasks


def test_every_environment_variable_is_read_by_the_settings():
    known = settings_env_names()
    for name, spec in APP_SERVICES.items():
        unknown = set(spec["environment"]) - known
        assert not unknown, f"{name} sets {unknown}, which no setting reads"


def test_production_settings_refuse_to_start_without_a_secret_key(monkeypatch):
    import subprocess
    import sys

    env = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "cms.settings.production", "VSS_DATA_DIR": "/tmp/vss-compose-test"}
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode != 0 and "SECRET_KEY must be set" in result.stderr
