# The two commands of the README: `make run` and `make test`. Each installs what is missing.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
DEBIAN_PACKAGES := chromium libharfbuzz-subset0 libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
	fonts-liberation2 poppler-utils gettext
PYTEST_ARGS ?= -n 2

.PHONY: run test bench bench-debs setup debs venv migrate demo lint format messages clean

# The background worker (imports, e-mails, PDF batches) runs beside the web server and stops with it.
run: setup migrate demo
	@$(PY) manage.py db_worker --queue-name '*' --interval 1 --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver 127.0.0.1:8000

test: setup
	@$(PY) -m pytest $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests: failing on purpose" >&2; fi; \
	exit $$rc

setup: debs venv

# Benchmarks (issue 7, docs/performance.md): server time, throughput, PDFs, the browser.
# They need PostgreSQL (DATABASE_URL names the server) and wrk, the load generator.
BENCH_DEBIAN_PACKAGES := wrk
bench: setup bench-debs
	@bash bench/run_all.sh

bench-debs:
	@$(MAKE) --no-print-directory debs DEBIAN_PACKAGES="$(BENCH_DEBIAN_PACKAGES)"

# Debian packages: PDF rendering (WeasyPrint), fonts with every seed language's letters,
# pdftotext for the PDF tests, Chromium for the browser tests, gettext for translations.
debs:
	@missing=$$(for p in $(DEBIAN_PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q "install ok installed" || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages: $$missing"; \
		SUDO=$$( [ "$$(id -u)" -eq 0 ] || echo sudo ); \
		$$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q --no-install-recommends $$missing; \
	fi

venv: $(VENV)/.installed

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements.txt
	touch $@

migrate:
	$(PY) manage.py migrate --noinput

demo:
	$(PY) manage.py load_demo

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: venv
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

messages: venv
	$(PY) manage.py makemessages --all --no-obsolete --ignore=.venv --ignore=staticfiles --ignore=tests --ignore=test-artifacts
	$(PY) manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) db.sqlite3 test-artifacts .pytest_cache
