# LamTheo. `make demo` serves the Lai Châu demo (with the worker and the warm PDF converter);
# `make test` runs everything CI runs.
SHELL := /bin/bash
PY := .venv/bin/python
PYTEST := .venv/bin/pytest
HOST ?= 127.0.0.1
PORT ?= 8000
DEMO_DB ?= var/demo.sqlite3
DEMO_KEY ?= var/demo-secret-key
# Two workers on the 2-core machines; set PYTEST_WORKERS=0 to run in one process.
PYTEST_WORKERS ?= 2
XDIST := $(if $(filter 0,$(PYTEST_WORKERS)),,-n $(PYTEST_WORKERS) --dist loadgroup)

.PHONY: setup demo test test-sqlite test-postgres lint typecheck migrations-check bench clean

setup:
	@bash scripts/bootstrap.sh

demo: setup
	@# The demo serves as production does (DEBUG off: the site's own Vietnamese error pages), on a key
	@# of its own made once beside its database.
	@mkdir -p var; test -s $(DEMO_KEY) || $(PY) -c 'import secrets; print(secrets.token_urlsafe(50))' > $(DEMO_KEY)
	@SQLITE_PATH=$(DEMO_DB) $(PY) manage.py migrate --no-input -v 0
	@$(PY) manage.py collectstatic --no-input -v 0
	@SQLITE_PATH=$(DEMO_DB) $(PY) manage.py seed_demo --if-empty --address http://$(HOST):$(PORT)
	@echo ""
	@echo "LamTheo đang chạy tại http://$(HOST):$(PORT)/  (Ctrl+C để dừng; tác vụ nền chạy kèm)"
	@SQLITE_PATH=$(DEMO_DB) $(PY) manage.py db_worker --interval 1 -v 0 & worker=$$!; \
	  SQLITE_PATH=$(DEMO_DB) $(PY) manage.py pdf_server >var/pdf-server.log 2>&1 & pdf=$$!; \
	  trap 'kill $$worker $$pdf 2>/dev/null; wait $$worker $$pdf 2>/dev/null' EXIT INT TERM; \
	  SQLITE_PATH=$(DEMO_DB) SECRET_KEY_FILE=$(DEMO_KEY) $(PY) manage.py runserver $(HOST):$(PORT) --insecure

test: setup lint migrations-check typecheck test-sqlite test-postgres
	@echo "Tất cả kiểm tra đã đạt (SQLite và PostgreSQL)."

lint:
	@.venv/bin/ruff check .
	@.venv/bin/ruff format --check .
	@.venv/bin/lint-imports --no-cache --no-logo

migrations-check:
	@SQLITE_PATH=var/check.sqlite3 $(PY) manage.py makemigrations --check --dry-run -v 1

typecheck:
	@.venv/bin/mypy $$(ls */services.py */selectors.py lamtheo/lib/*.py accounts/scoping.py 2>/dev/null)

test-sqlite:
	@echo "== Bộ kiểm thử trên SQLite =="
	@$(PYTEST) $(XDIST) -q

test-postgres:
	@echo "== Bộ kiểm thử trên PostgreSQL =="
	@bash scripts/with_postgres.sh $(PYTEST) $(XDIST) -q -m "not e2e"

bench: setup
	@$(PY) bench/read_documents.py
	@$(PY) bench/pdf.py
	@$(PY) bench/spreadsheets.py
	@$(PY) bench/run.py
	@$(PY) bench/unit_picker.py
	@$(PY) bench/pages.py
	@bash scripts/with_postgres.sh $(PY) bench/pages.py
	@bash scripts/with_postgres.sh $(PY) bench/study.py
	@$(PY) bench/import_members.py
	@bash scripts/with_postgres.sh $(PY) bench/import_members.py
	@$(PY) bench/indicators.py
	@bash scripts/with_postgres.sh $(PY) bench/indicators.py

clean:
	rm -rf var .pytest_cache
