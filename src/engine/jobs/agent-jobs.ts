/**
 * Which scheduled jobs are agent jobs. A crontab holds backups and certificate renewals too; the
 * Jobs view lists only jobs whose command runs an agent (a word whose program name is `claude`,
 * `codex` or `gemini`, or `lantern run`), plus whatever the user's patterns (settings
 * `jobs.patterns`) match in the label or command: plain text (case-insensitive) or `/regex/flags`.
 */
import path from 'node:path';
import { parse } from 'shell-quote';

const AGENT_PROGRAMS = new Set(['claude', 'codex', 'gemini']);

function words(command: string): string[] {
  try {
    return parse(command, (name) => `$${name}`).filter((w): w is string => typeof w === 'string');
  } catch {
    return command.split(/\s+/);
  }
}

export function runsAnAgent(command: string): boolean {
  const ws = words(command);
  return ws.some((w, i) => {
    const name = path.basename(w);
    return AGENT_PROGRAMS.has(name) || (name.replace(/\.[cm]?js$/, '') === 'lantern' && ws[i + 1] === 'run');
  });
}

export interface PatternProblem {
  pattern: string;
  error: string;
}

/** Compiles the patterns once per settings change; a bad regex is reported, not thrown. */
export function compilePatterns(patterns: readonly string[]): { test(text: string): boolean; problems: PatternProblem[] } {
  const tests: Array<(s: string) => boolean> = [];
  const problems: PatternProblem[] = [];
  for (const p of patterns) {
    const re = /^\/(.+)\/([a-z]*)$/s.exec(p);
    if (re) {
      try {
        const rx = new RegExp(re[1], re[2].replace(/[gy]/g, ''));
        tests.push((s) => rx.test(s));
      } catch (err) {
        problems.push({ pattern: p, error: err instanceof Error ? err.message : String(err) });
      }
    } else {
      const needle = p.toLowerCase();
      tests.push((s) => s.toLowerCase().includes(needle));
    }
  }
  return { test: (text) => tests.some((t) => t(text)), problems };
}

export function isAgentJob(job: { label: string; command: string }, patterns: { test(text: string): boolean }): boolean {
  return runsAnAgent(job.command) || patterns.test(job.label) || patterns.test(job.command);
}
