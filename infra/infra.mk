# Local infrastructure: Kafka (KRaft, single node) + Apicurio schema registry,
# plus a health check of the system PostgreSQL. Included by the top-level Makefile.
# Logic lives in infra/scripts/*.sh; this file only names versions and targets.
#
# Every variable can be overridden from the environment or the make command line,
# e.g. `KAFKA_PORT=29092 make up`.

# Kafka broker version (Maven Central org.apache.kafka:kafka_2.13). Switching,
# e.g. to 3.9.2, is this one line (then `make down && rm -rf .data/kafka && make up`:
# an older broker cannot read storage formatted by a newer one).
KAFKA_VERSION ?= 4.3.1
# Apicurio Registry (io.apicurio:apicurio-registry-app:tar.gz:all). 3.0.9 is the
# newest release on Central that runs on Java 17; 3.3.x is built for Java 21.
APICURIO_VERSION ?= 3.0.9

KAFKA_PORT ?= 19092
KAFKA_CONTROLLER_PORT ?= 19093
REGISTRY_PORT ?= 18081
REGISTRY_MANAGEMENT_PORT ?= 18082
VIGIL_DATA_DIR ?= .data
VIGIL_CACHE_DIR ?= .cache
INFRA_TIMEOUT ?= 90

export KAFKA_VERSION APICURIO_VERSION KAFKA_PORT KAFKA_CONTROLLER_PORT REGISTRY_PORT \
       REGISTRY_MANAGEMENT_PORT VIGIL_DATA_DIR VIGIL_CACHE_DIR INFRA_TIMEOUT

INFRA_SCRIPTS := infra/scripts

.PHONY: infra-fetch infra-up infra-down infra-status up down status

infra-fetch:
	@$(INFRA_SCRIPTS)/fetch.sh all

infra-up:
	@$(INFRA_SCRIPTS)/up.sh

infra-down:
	@$(INFRA_SCRIPTS)/down.sh

infra-status:
	@$(INFRA_SCRIPTS)/status.sh

# `provision` (topics, schemas, database) is defined in the top-level Makefile.
up: infra-up
	@$(MAKE) --no-print-directory -f $(firstword $(MAKEFILE_LIST)) provision

down: infra-down

status: infra-status
