/**
 * Runs a measurement in a fresh Node process (so its RSS holds nothing of the parent's, and its CPU
 * is not charged to the parent's event loop), with --expose-gc, and returns the last JSON line it
 * prints. The child is killed if it overruns.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Built next to dist/bench.js by scripts/build.mjs. */
const CHILD = fileURLToPath(new URL('./bench-child.js', import.meta.url));

export function runChild<T>(mode: string, args: object, timeoutMs: number): Promise<T> {
  return startChild<T>(mode, args, timeoutMs).result;
}

export interface ChildHandle<T> {
  /** Resolves when the child prints a line before its result (e.g. `{"ready":true}`). */
  ready: Promise<void>;
  /** Writes one line to the child's stdin. */
  send(line: string): void;
  /** The child's last JSON line, once it exits with 0. */
  result: Promise<T>;
  kill(): void;
}

/** Starts a child that may talk over stdio before its result; killed if it overruns `timeoutMs`. */
export function startChild<T>(mode: string, args: object, timeoutMs: number): ChildHandle<T> {
  const child = spawn(process.execPath, ['--expose-gc', CHILD, mode, JSON.stringify(args)], { stdio: ['pipe', 'pipe', 'pipe'] });
  let markReady!: () => void;
  let failReady!: (err: Error) => void;
  const ready = new Promise<void>((resolve, reject) => {
    markReady = resolve;
    failReady = reject;
  });
  ready.catch(() => undefined);
  const result = new Promise<T>((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      if (stdout.includes('\n')) markReady();
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      failReady(new Error(`bench child "${mode}" timed out`));
      reject(new Error(`bench child "${mode}" did not finish within ${timeoutMs} ms; stderr: ${stderr.slice(-2000)}`));
    }, timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      failReady(err);
      reject(err);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      failReady(new Error(`bench child "${mode}" exited with ${code} before it was ready; stderr: ${stderr.slice(-2000)}`));
      const last = stdout.trim().split('\n').pop() ?? '';
      if (code !== 0 || !last.startsWith('{')) {
        reject(new Error(`bench child "${mode}" exited with ${code}; stderr: ${stderr.slice(-2000)}`));
        return;
      }
      resolve(JSON.parse(last) as T);
    });
  });
  result.catch(() => undefined); // handled by whoever awaits it; a killed child is no crash
  child.stdin.on('error', () => undefined); // a child that already exited; its result says why
  return {
    ready,
    result,
    send: (line) => void child.stdin.write(`${line}\n`),
    kill: () => void child.kill('SIGKILL'),
  };
}
