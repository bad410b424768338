/**
 * Claude Code's own session registry: `<claude root>/sessions/<pid>.json`, one file per live
 * interactive process (CC ≥ 2.1.139), `status` idle | busy | waiting | shell, plus `waitingFor`.
 * Legacy `pid-<n>.json` files carry no status and are mostly orphans: they are ignored.
 */
import fs from 'node:fs';
import path from 'node:path';
import { sameProcessAlive } from './process-alive';

export interface RegistryEntry {
  pid: number;
  sessionId: string;
  status: string;
  waitingFor: string | null;
  cwd: string | null;
  alive: boolean;
  file: string;
}

const PID_FILE = /^\d+\.json$/;

export function readClaudeRegistry(roots: readonly string[]): Map<string, RegistryEntry> {
  const bySession = new Map<string, RegistryEntry>();
  for (const root of roots) {
    const dir = path.join(root, 'sessions');
    let names: string[];
    try {
      names = fs.readdirSync(dir);
    } catch {
      continue;
    }
    for (const name of names) {
      if (!PID_FILE.test(name)) continue;
      const entry = readEntry(path.join(dir, name));
      if (!entry) continue;
      const prev = bySession.get(entry.sessionId);
      // Two processes on one session (resume in a second terminal): a live one wins.
      if (!prev || (!prev.alive && entry.alive)) bySession.set(entry.sessionId, entry);
    }
  }
  return bySession;
}

function readEntry(file: string): RegistryEntry | null {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return null; // being rewritten, or not ours to judge
  }
  if (!raw || typeof raw !== 'object') return null;
  const r = raw as Record<string, unknown>;
  const pid = typeof r.pid === 'number' ? r.pid : Number(path.basename(file, '.json'));
  const sessionId = typeof r.sessionId === 'string' ? r.sessionId : null;
  const status = typeof r.status === 'string' ? r.status : null;
  if (!sessionId || !status) return null;
  const procStart = typeof r.procStart === 'string' || typeof r.procStart === 'number' ? String(r.procStart) : null;
  return {
    pid,
    sessionId,
    status,
    waitingFor: typeof r.waitingFor === 'string' ? r.waitingFor : null,
    cwd: typeof r.cwd === 'string' ? r.cwd : null,
    alive: sameProcessAlive(pid, procStart),
    file,
  };
}
