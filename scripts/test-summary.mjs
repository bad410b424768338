// Prints `N passed, N failed` from vitest's JSON report: the closing line CI reads, alone on the
// last line (skipped tests, with their reasons in the log above, are counted on the line before).
// When typecheck or lint failed before vitest ran, there is no report: say so and count it failed.
import { existsSync, readFileSync } from 'node:fs';

const file = process.argv[2] ?? 'test-results/vitest.json';
if (!existsSync(file)) {
  console.log('no test report (typecheck or lint failed before the tests ran)');
  console.log('0 passed, 1 failed');
  process.exit(1);
}
const r = JSON.parse(readFileSync(file, 'utf8'));
const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
if (skipped) console.log(`${skipped} skipped (each says why in the log above)`);
console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed`);
process.exit(r.numFailedTests > 0 || r.success === false ? 1 : 0);
