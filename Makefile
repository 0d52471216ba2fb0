# The two commands of the README: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: demo test lint format hooks diagrams messages clean
MO := locale/en/LC_MESSAGES/django.mo
# axe-core for the accessibility checks of the browser tests (package.json, pinned)
AXE := node_modules/axe-core/axe.min.js

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e '.[dev]'
	touch $(STAMP)

## Set up, migrate the SQLite default, load the demo and serve on http://127.0.0.1:8000
demo: $(STAMP) $(MO)
	scripts/pdf-libraries.sh
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py load_demo
	DEBUG=1 $(PY) manage.py runserver 127.0.0.1:8000

$(AXE): package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts
	touch $@

## Install what the tests need, start PostgreSQL and Redis, run lint and the whole suite
test: $(STAMP) $(AXE)
	scripts/pdf-libraries.sh
	scripts/test-services.sh install
	$(MAKE) $(MO)
	scripts/test.sh

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

## Install the commit hooks (ruff, ruff format, import contracts, mypy; .pre-commit-config.yaml)
hooks: $(STAMP)
	$(VENV)/bin/pre-commit install

## Regenerate docs/state-machines.md from the transitions in the code
diagrams: $(STAMP)
	DEBUG=1 $(PY) manage.py write_state_diagrams docs/state-machines.md

## The English catalogue, compiled (needs gettext's msgfmt; without it the UI stays German)
$(MO): locale/en/LC_MESSAGES/django.po
	if command -v msgfmt >/dev/null; then msgfmt --check -o $@ $<; \
	else echo "msgfmt missing (apt-get install gettext): English texts unavailable"; fi

## Collect new texts into the English catalogue after changing templates or code
messages: $(STAMP)
	DEBUG=1 $(PY) manage.py makemessages -l en -i '.venv/*' -i 'bench/*' -i 'tests/*'

clean:
	rm -rf $(VENV) db.sqlite3 var
