/**
 * Child process for the crash-safety test: indexes a tree in small batches and prints a line
 * per committed batch, so the parent can SIGKILL it mid-index at a chosen point.
 */
import { createEngine } from '../../src/engine';

const [dataDir, claudeDir] = process.argv.slice(2);
const engine = createEngine({ dataDir, claudeDirs: [claudeDir], discoverRoots: false, taskDirs: [], batchBytes: 2048, role: 'crash-test' });
engine.bus.on('events', () => process.stdout.write('batch\n'));
await engine.index();
await engine.stop();
process.stdout.write('done\n');
