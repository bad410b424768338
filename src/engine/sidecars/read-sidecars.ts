/**
 * Lists the `lantern run` wrappers that are still running. A wrapper removes its sidecar on every
 * exit it can catch; one that was SIGKILLed (or lost power) cannot, so readers garbage-collect:
 * a sidecar whose wrapper is gone, or whose pid now belongs to another process (start time
 * differs), is deleted on read.
 */
import fs from 'node:fs';
import path from 'node:path';
import { sameProcessAlive } from '../liveness/process-alive';
import { parseSidecar, sidecarDirOf, type Sidecar } from './sidecar-file';

export interface LiveSidecar extends Sidecar {
  file: string;
}

export interface ReadSidecarsOptions {
  /** Liveness check; `sameProcessAlive` by default (tests inject their own). */
  alive?: (pid: number, procStart: string | null) => boolean;
}

const PID_FILE = /^(\d+)\.json$/;

export function readSidecars(runDir: string, opts: ReadSidecarsOptions = {}): LiveSidecar[] {
  const alive = opts.alive ?? sameProcessAlive;
  const dir = sidecarDirOf(runDir);
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return []; // no run yet
  }
  const out: LiveSidecar[] = [];
  for (const name of names.sort()) {
    const m = PID_FILE.exec(name);
    if (!m) continue; // temp files of an atomic write in progress, strangers
    const file = path.join(dir, name);
    const sidecar = readOne(file);
    // An unreadable file still names its owner: collect it only once that pid is gone.
    const pid = sidecar?.pid ?? Number(m[1]);
    if (alive(pid, sidecar?.procStart ?? null)) {
      if (sidecar) out.push({ ...sidecar, file });
      continue;
    }
    try {
      fs.rmSync(file, { force: true });
    } catch {
      // another reader got there first, or no permission: not ours to fix
    }
  }
  return out;
}

function readOne(file: string): Sidecar | null {
  try {
    return parseSidecar(JSON.parse(fs.readFileSync(file, 'utf8')));
  } catch {
    return null;
  }
}
