// Integration suites talk to real Kafka, the registry and PostgreSQL: allow each test and hook two minutes.
jest.setTimeout(120_000);
