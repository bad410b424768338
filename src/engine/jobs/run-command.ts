/**
 * The one way the jobs readers call a scheduler's tool (`crontab -l`, `systemctl --user`,
 * `launchctl list`, `journalctl`): no shell, a timeout, bounded output, and "not installed"
 * as null rather than an error, since most machines have only one of the three schedulers.
 */
import { execFile } from 'node:child_process';
import type { CommandRunner } from './types';

const MAX_OUTPUT = 4 * 1024 * 1024;

export const runCommand: CommandRunner = (file, args, opts = {}) =>
  new Promise((resolve) => {
    execFile(
      file,
      args,
      { encoding: 'utf8', timeout: opts.timeoutMs ?? 3000, maxBuffer: MAX_OUTPUT, windowsHide: true, env: { ...process.env, LC_ALL: 'C', SYSTEMD_PAGER: '', PAGER: 'cat' } },
      (err, stdout, stderr) => {
        if (err && typeof (err as NodeJS.ErrnoException).code === 'string') return resolve(null); // ENOENT, EACCES: not there
        const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : null) : 0;
        resolve({ code, stdout: String(stdout), stderr: String(stderr) });
      },
    );
  });
