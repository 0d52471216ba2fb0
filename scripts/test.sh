#!/usr/bin/env bash
# The whole check, as `make test` and CI run it: lint, migrations, the suite on PostgreSQL
# with Redis, then stop the servers again. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/test-services.sh start >/dev/null
trap 'scripts/test-services.sh stop' EXIT
while IFS= read -r line; do export "${line?}"; done < <(scripts/test-services.sh env)

.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy
# Whole files per worker, in the order collected: the files of long tests first (tests/conftest.py).
.venv/bin/python -m pytest -n 2 --dist loadfile --no-loadscope-reorder "$@"
