// Writes processes/<id>.bpmn from the procedure definitions beside this file.
// Usage: node processes/_generator/build.mjs
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { buildProcess } from './bpmn-writer.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const modules = [
  'p5-resident-report.mjs',
  'p2-major-matter-decision.mjs',
  'p1-committee-candidate-vetting.mjs',
  'p3-committee-correction-exit.mjs',
  'p4-annual-secretary-review.mjs',
];

for (const file of modules) {
  let def;
  try {
    def = (await import(`./${file}`)).default;
  } catch (error) {
    if (error && error.code === 'ERR_MODULE_NOT_FOUND') continue;
    throw error;
  }
  const target = join(here, '..', `${def.id}.bpmn`);
  writeFileSync(target, buildProcess(def));
  console.log(`wrote ${target}`);
}

const decisions = (await import('./decisions.mjs')).default;
for (const { file, xml } of decisions) {
  writeFileSync(join(here, '..', file), xml);
  console.log(`wrote processes/${file}`);
}
