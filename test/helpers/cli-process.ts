/**
 * Runs the built `lantern` CLI (bin/lantern.js → dist/cli.js, built by test/global-setup.ts) as a
 * real child process, for end-to-end tests.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';

export const LANTERN_BIN = path.resolve(__dirname, '../../bin/lantern.js');

export interface Served {
  child: ChildProcessWithoutNullStreams;
  url: string;
  openUrl: string;
  stdout: () => string;
  stderr: () => string;
  stop(): Promise<void>;
}

/**
 * Starts `lantern serve …args` and resolves once it printed its Open line. Desktop notifications
 * are off (tests post blocked milestones and hooks: no pop-ups on a developer's desktop); a
 * `--desktop-notifications` in `args` comes later and wins.
 */
export function startServe(args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 15_000): Promise<Served> {
  const child = spawn(process.execPath, [LANTERN_BIN, 'serve', '--no-desktop-notifications', ...args], { env: { ...process.env, ...env }, stdio: 'pipe' });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 5000).unref();
    });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`serve did not start in time\nstdout: ${out}\nstderr: ${err}`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code}\nstdout: ${out}\nstderr: ${err}`));
    });
    child.stdout.on('data', () => {
      const listening = /Lantern listening on (\S+)/.exec(out);
      const open = /^Open (\S+)$/m.exec(out);
      if (listening && open) {
        clearTimeout(timer);
        child.removeAllListeners('exit');
        resolve({ child, url: listening[1], openUrl: open[1], stdout: () => out, stderr: () => err, stop });
      }
    });
  });
}

/** Runs the CLI to completion. */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 30_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [LANTERN_BIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`lantern ${args.join(' ')} timed out\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
