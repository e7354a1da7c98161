// Records what the real form-js viewer (the @bpmn-io/form-js UMD bundle in Chromium) does
// with each case of test/parity/cases.json: the errors of `form.submit()` and the data it
// submits. form-js-parity.spec.ts then holds validateSubmission to the same answers.
// Run again after upgrading form-js:
//   node libs/forms/scripts/record-form-js-parity.cjs && npx prettier --write libs/forms/test/parity
// (needs Chromium at CHROMIUM or /usr/bin/chromium)
const { readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { chromium } = require('playwright-core');

const root = join(__dirname, '..', '..', '..');
const dir = join(__dirname, '..', 'test', 'parity');

async function main() {
  const cases = JSON.parse(readFileSync(join(dir, 'cases.json'), 'utf8'));
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    const page = await browser.newPage();
    await page.setContent('<div id="container"></div>');
    await page.addScriptTag({ path: join(root, 'node_modules/@bpmn-io/form-js/dist/form-viewer.umd.js') });
    const version = JSON.parse(readFileSync(join(root, 'node_modules/@bpmn-io/form-js/package.json'), 'utf8')).version;
    const results = [];
    for (const item of cases) {
      const result = await page.evaluate(async ({ schema, values, context }) => {
        const container = document.getElementById('container');
        container.innerHTML = '';
        const form = new window.FormViewer.Form({ container });
        await form.importSchema(schema, { ...context, ...values });
        await new Promise((resolve) => setTimeout(resolve, 20));
        const { data, errors } = form.submit();
        form.destroy();
        const flat = [];
        const walk = (node, id, indexes) => {
          // form-js sets errors at [id, ...indexes]; numeric segments make arrays.
          if (Array.isArray(node) && node.every((message) => typeof message === 'string')) flat.push({ id, indexes, messages: node });
          else for (const [key, child] of Object.entries(node)) if (child) walk(child, id, [...indexes, Number(key)]);
        };
        for (const [id, node] of Object.entries(errors)) walk(node, id, []);
        return { data, errors: flat };
      }, item);
      results.push({ name: item.name, ...result });
    }
    writeFileSync(join(dir, 'form-js-results.json'), `${JSON.stringify({ formJsVersion: version, results }, null, 1)}\n`);
    process.stdout.write(`recorded ${results.length} cases with form-js ${version}\n`);
  } finally {
    await browser.close();
  }
}

main().catch((error) => {
  process.stderr.write(`${error.stack || error}\n`);
  process.exit(1);
});
