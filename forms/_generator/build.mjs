// Writes forms/<id>.form for every form of every procedure. Usage: node forms/_generator/build.mjs
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const modules = ['report-forms.mjs', 'matter-forms.mjs', 'vetting-forms.mjs', 'correction-forms.mjs', 'review-forms.mjs'];
for (const file of modules) {
  let forms;
  try {
    forms = (await import(`./${file}`)).default;
  } catch (error) {
    if (error && error.code === 'ERR_MODULE_NOT_FOUND') continue;
    throw error;
  }
  for (const f of forms) {
    writeFileSync(join(here, '..', `${f.id}.form`), `${JSON.stringify(f, null, 2)}\n`);
    console.log(`wrote forms/${f.id}.form`);
  }
}
