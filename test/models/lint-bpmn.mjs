// Lints BPMN files with bpmnlint and bpmnlint-plugin-camunda-compat's Camunda 8.8 rules and
// prints the reports as JSON. A separate Node process because the plugin's FEEL rules load
// ES-module-only packages that Jest's CommonJS runtime cannot require.
// Usage: node test/models/lint-bpmn.mjs <file.bpmn>...
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename } from 'node:path';

import { BpmnModdle } from 'bpmn-moddle';

const require = createRequire(import.meta.url);
const { Linter } = require('bpmnlint');
const NodeResolver = require('bpmnlint/lib/resolver/node-resolver');
const zeebe = require('zeebe-bpmn-moddle/resources/zeebe.json');

export const CONFIG = { extends: ['plugin:camunda-compat/camunda-cloud-8-8'] };

const out = {};
for (const file of process.argv.slice(2)) {
  const moddle = new BpmnModdle({ zeebe });
  const { rootElement, warnings } = await moddle.fromXML(readFileSync(file, 'utf8'));
  const linter = new Linter({ config: CONFIG, resolver: new NodeResolver() });
  const results = await linter.lint(rootElement);
  const reports = [];
  for (const [rule, list] of Object.entries(results)) {
    for (const r of list) reports.push({ rule, category: r.category, id: r.id, message: r.message });
  }
  out[basename(file)] = { parseWarnings: warnings.map((w) => w.message), reports };
}
process.stdout.write(JSON.stringify(out));
