/**
 * Runs a measurement in a fresh Node process (so its RSS holds nothing of the parent's), with
 * --expose-gc, and returns the one JSON line it prints. The child is killed if it overruns.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Built next to dist/bench.js by scripts/build.mjs. */
const CHILD = fileURLToPath(new URL('./bench-child.js', import.meta.url));

export function runChild<T>(mode: string, args: Record<string, unknown>, timeoutMs: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', CHILD, mode, JSON.stringify(args)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`bench child "${mode}" did not finish within ${timeoutMs} ms; stderr: ${stderr.slice(-2000)}`));
    }, timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      const last = stdout.trim().split('\n').pop() ?? '';
      if (code !== 0 || !last.startsWith('{')) {
        reject(new Error(`bench child "${mode}" exited with ${code}; stderr: ${stderr.slice(-2000)}`));
        return;
      }
      resolve(JSON.parse(last) as T);
    });
  });
}
