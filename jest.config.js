// Two tiers, chosen by file suffix: *.unit.test.ts never touch I/O; *.int.test.ts use the real
// Kafka broker, schema registry and PostgreSQL that `make up` starts.
// ts-jest in transpile-only mode: type-checking is `make typecheck`'s job, so tests start fast.
const transform = { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] };
module.exports = {
  projects: [
    { displayName: 'unit', testMatch: ['<rootDir>/**/*.unit.test.ts'], testPathIgnorePatterns: ['/node_modules/'], transform, testEnvironment: 'node' },
    { displayName: 'integration', testMatch: ['<rootDir>/**/*.int.test.ts'], testPathIgnorePatterns: ['/node_modules/'], transform, testEnvironment: 'node', setupFilesAfterEnv: ['<rootDir>/test/support/integration.setup.ts'] },
  ],
};
