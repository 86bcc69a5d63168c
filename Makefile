# Everything runs from a virtualenv in .venv/, created on first use: a machine
# needs nothing but Python 3.11+.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
export DJANGO_SETTINGS_MODULE ?= cms.settings.dev

.PHONY: install run test bench soak migrate seed clean messages docs

# pip -qq: errors only. The machine's pip settings (extra indexes, find-links) can make
# pip warn "Location ... is ignored" for every package; those warnings say nothing here.
$(STAMP): pyproject.toml
	@echo "[make] installing Python packages into $(VENV)/ (first run only)"
	@$(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install -qq --upgrade pip
	@$(BIN)/python -m pip install -qq -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

migrate: $(STAMP)
	@echo "[make] migrating the database"
	@$(BIN)/python manage.py migrate --noinput -v 0

seed: migrate
	@echo "[make] demo content"
	@LOG_LEVEL=WARNING $(BIN)/python manage.py seed_demo
	@LOG_LEVEL=WARNING $(BIN)/python manage.py api_index

## run: the admin on http://$(HOST):$(PORT)/admin/ with demo content, worker and beat
run: seed
	@$(BIN)/python -m demo.run --host $(HOST) --port $(PORT)

## test: the whole test suite (SQLite by default; DATABASE_URL / CELERY_BROKER_URL for real services)
test: $(STAMP)
	DJANGO_SETTINGS_MODULE=cms.settings.test $(BIN)/python -m pytest

## bench: benchmarks, each printed as a ratio against a baseline measured in the same run
bench: $(STAMP)
	DJANGO_SETTINGS_MODULE=cms.settings.test $(BIN)/python -m bench $(BENCH)

## soak: `make run`'s stack driven by editors over HTTP (SOAK_MINUTES, default 10); fails on a crash, loss or duplicate
soak: $(STAMP)
	$(BIN)/python -m bench soak

## docs: the guides in docs/ as a site in data/site/; --strict fails on a link to a missing page
docs: $(STAMP)
	@$(BIN)/python -m pip install -qq -e '.[docs]'
	NO_MKDOCS_2_WARNING=1 $(BIN)/python -m mkdocs build --strict --quiet

## messages: compile every locale*/*/LC_MESSAGES/*.po to its committed .mo (polib: no gettext needed)
messages: $(STAMP)
	$(BIN)/python -c 'import pathlib, polib; [polib.pofile(str(p)).save_as_mofile(str(p.with_suffix(".mo"))) for p in pathlib.Path(".").glob("**/locale*/*/LC_MESSAGES/*.po") if ".venv" not in p.parts]'

clean:
	rm -rf $(VENV) data *.egg-info
