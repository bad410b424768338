/**
 * The built `lantern` CLI (bin/lantern.js, built once by test/global-setup.ts) as a long-running
 * child whose stdout is kept as bytes (passthrough tests compare binary output) and can be
 * watched while it runs (signal tests wait for the wrapped command to be ready).
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { LANTERN_BIN } from './cli-process';

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: Buffer;
  stderr: string;
}

export interface CliRun {
  child: ChildProcess;
  /** Everything read from stdout so far. */
  stdout(): Buffer;
  /** Resolves when the process ended and its pipes closed. */
  done: Promise<CliResult>;
  /** The CLI process itself ended (its pipes may still be held open by an orphaned grandchild). */
  exited: Promise<void>;
}

export function startCli(args: string[], opts: SpawnOptions = {}): CliRun {
  const child = spawn(process.execPath, [LANTERN_BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], ...opts });
  const out: Buffer[] = [];
  let err = '';
  child.stdout?.on('data', (c: Buffer) => out.push(c));
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (c: string) => (err += c));
  const done = new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout: Buffer.concat(out), stderr: err }));
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return { child, stdout: () => Buffer.concat(out), done, exited };
}
