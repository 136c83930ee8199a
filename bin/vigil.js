#!/usr/bin/env node
// `npx vigil …` runs the TypeScript CLI through tsx, so there is no separate build step.
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const tsx = require.resolve('tsx/cli');
const main = path.join(__dirname, '..', 'services', 'cli', 'main.ts');
const result = spawnSync(process.execPath, [tsx, main, ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(result.status ?? 1);
