// Prints `N passed, N failed[, N skipped]` from vitest's JSON report: the closing line CI reads.
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
console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(r.numFailedTests > 0 || r.success === false ? 1 : 0);
