/**
 * Runs the wrapped command as if it were run directly: stdin and stderr inherited, stdout piped
 * only so we can watch it, every byte written on unchanged and in order. When our stdout is slow
 * the child's pipe is paused (backpressure), so nothing piles up in memory; when it is gone
 * (`lantern run … | head`) the child's pipe is closed too, as a plain pipeline would.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { ChildExit } from './outcome';

export interface ChildRun {
  child: ChildProcess;
  /** Resolves once the child exited and its stdout was fully passed on. */
  done: Promise<ChildExit & { spawnError: Error | null }>;
}

export interface StartChildOptions {
  env: NodeJS.ProcessEnv;
  cwd: string;
  out: NodeJS.WritableStream;
  /** Sees each stdout chunk before it is written on. */
  onStdout(chunk: Buffer): void;
  /**
   * Pipe stdout to watch it (default). False hands the child our stdout itself: an interactive
   * session on a terminal must see a TTY (raw mode, colours, cursor), which a pipe is not.
   */
  observe?: boolean;
  /** The last signal forwarded, for the outcome. */
  forwarded(): NodeJS.Signals | null;
}

export function startChild(command: readonly string[], opts: StartChildOptions): ChildRun {
  const [exe, ...args] = command;
  const observe = opts.observe !== false;
  const child = spawn(exe, args, { stdio: ['inherit', observe ? 'pipe' : 'inherit', 'inherit'], env: opts.env, cwd: opts.cwd });
  const { out } = opts;
  let outBroken = false;
  const onOutError = () => {
    outBroken = true;
    child.stdout?.destroy(); // the child's next write fails (EPIPE/SIGPIPE), as in a shell pipeline
  };
  out.on('error', onOutError);

  child.stdout?.on('data', (chunk: Buffer) => {
    opts.onStdout(chunk);
    if (outBroken) return;
    if (!out.write(chunk)) {
      child.stdout?.pause();
      out.once('drain', () => child.stdout?.resume());
    }
  });

  const done = new Promise<ChildExit & { spawnError: Error | null }>((resolve) => {
    let settled = false;
    const finish = (v: ChildExit & { spawnError: Error | null }) => {
      if (settled) return;
      settled = true;
      out.off('error', onOutError);
      // Our own stdout may still hold bytes (pipes are asynchronous on macOS): flush before reporting.
      if (outBroken) return resolve(v);
      out.write(Buffer.alloc(0), () => resolve(v));
    };
    child.once('error', (err) => finish({ code: 127, signal: null, forwarded: null, spawnError: err }));
    // 'close', not 'exit': stdout has been read to the end by then.
    child.once('close', (code, signal) => finish({ code, signal, forwarded: opts.forwarded(), spawnError: null }));
  });
  return { child, done };
}

/**
 * Passes SIGINT, SIGTERM and SIGHUP on to the child (and keeps the wrapper alive until the child
 * is gone). SIGINT from a terminal's Ctrl-C already reaches the child through the foreground
 * process group, so when stdin is a TTY it is not sent a second time: Claude Code reads two quick
 * Ctrl-C as "exit".
 */
export function forwardSignals(child: ChildProcess, stdinIsTty: boolean): { last(): NodeJS.Signals | null; dispose(): void } {
  let last: NodeJS.Signals | null = null;
  const handlers = new Map<NodeJS.Signals, () => void>();
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const h = () => {
      if (sig === 'SIGINT' && stdinIsTty) return;
      last = sig;
      try {
        child.kill(sig);
      } catch {
        // already gone
      }
    };
    handlers.set(sig, h);
    process.on(sig, h);
  }
  return {
    last: () => last,
    dispose() {
      for (const [sig, h] of handlers) process.off(sig, h);
    },
  };
}
