# The two commands of README.md, and the few others developers need.
.PHONY: dev test bench bench-dcat bench-inventory bench-gaps lint i18n

# The CKAN that `make dev` and `make test` install and run: 2.11 (.venv, the
# default) or 2.12 (.venv-2.12, its own databases); see bin/ckan-env.
CKAN_VERSION ?= 2.11
export CKAN_VERSION

# Install what is missing, start PostgreSQL and Redis, migrate, load the demo
# catalogue, start the background job worker (mail) and the harvester's
# consumers and periodic run, and serve the catalogue on http://127.0.0.1:5000
dev:
	bin/setup dev
	bin/ckan-env dev ckan -c development.ini imnet demo load
	bin/ckan-env dev ckan -c development.ini search-index rebuild -q
	bin/ckan-env dev bin/worker development.ini
	bin/ckan-env dev bin/harvester development.ini
	bin/ckan-env dev ckan -c development.ini run --host 127.0.0.1 --port 5000

# The whole test suite (installs and starts what it needs the same way);
# TEST_ARGS go to pytest's run of the package's own tests
test:
	bin/setup test
	bin/run-tests $(TEST_ARGS)

# Scale benchmark: N synthetic datasets (default 10000; SIZES=1000,10000,100000
# measures at each size, the database growing) written in bulk into their own
# database, the index rebuilt, then search, DCAT, gap matrix, inventory and
# the pages served by gunicorn; figures only on a quiet machine
bench:
	bin/setup test
	.venv/bin/python bin/bench_search.py --http --datasets $${N:-10000} $${SIZES:+--sizes $$SIZES}

# DCAT benchmark: one page of /catalog.ttl over the demo catalogue and copies
# of it (default 3 copies, 168 datasets) in their own database
bench-dcat:
	bin/setup test
	.venv/bin/python bin/bench_dcat.py --copies $${COPIES:-3}

# Inventory export benchmark: the whole synthetic catalogue of `make bench`
# (default 10000 datasets, same database) as CSV and XLSX: time, peak memory
bench-inventory:
	bin/setup test
	.venv/bin/python bin/bench_inventory.py --datasets $${N:-10000}

# Gap matrix benchmark: /gaps over N synthetic datasets (default 10000) in
# their own database
bench-gaps:
	bin/setup test
	.venv/bin/python bin/bench_gaps.py --datasets $${N:-10000}

# Style and types: ruff, then mypy (zero errors); CI runs it
lint:
	.venv/bin/ruff check ckanext tests bin
	.venv/bin/ruff format --check ckanext tests bin
	.venv/bin/mypy

# Refresh the translation template and catalogues, then compile them
i18n:
	.venv/bin/pybabel extract -F babel.cfg -o ckanext/imnet/i18n/ckanext-imnet.pot ckanext/imnet
	.venv/bin/pybabel update -d ckanext/imnet/i18n -D ckanext-imnet -i ckanext/imnet/i18n/ckanext-imnet.pot
	.venv/bin/pybabel compile -d ckanext/imnet/i18n -D ckanext-imnet
