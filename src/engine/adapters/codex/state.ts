/**
 * What a Codex parser must remember across restarts, small and bounded: it is saved next to the
 * file offset in every batch's transaction (types.ts ParserState). Unreadable or other-version
 * state starts fresh rather than failing the file.
 */
import { BoundedMap } from '../claude/state';
import type { ParserState } from '../types';
import { readRawUsage, type RawUsage } from './usage-math';

/** Tool calls waiting for their output (a turn has a few; an interrupted session leaves some behind). */
export const PENDING_LIMIT = 200;
/** `*_end` events (durations, exit codes) waiting for the call's output record. */
export const ENDED_LIMIT = 200;
/** Calls closed as interrupted whose late output must not count as a second result. */
export const ABORTED_LIMIT = 200;

export interface PendingCall {
  name: string;
  ts: number;
}

export interface EndedCall {
  durationMs?: number;
  isError?: boolean;
}

/** A sub-agent's first token_count, held until the next one tells whether it is replayed history. */
export interface HeldTokenCount {
  tsText: string;
  ts: number;
  offset: number;
  last: RawUsage | null;
  total: RawUsage | null;
  parsedModel: string | null;
  /** The model state when it was read: a turn_context may change it before the count is decided. */
  model: string | null;
  modelFallback: boolean;
  turnId: string | null;
}

export interface CodexState {
  lastTs: number;
  /** The thread this file stands for, once known (file name, else the first session_meta). */
  threadId: string | null;
  /** The first session_meta was read: later ones are copies (forks, resumes). */
  metaSeen: boolean;
  parentThreadId: string | null;
  isSubagent: boolean;
  /** Working directory from session_meta / turn_context, else a legacy `<environment_context>`. */
  cwd: string | null;
  /** From the latest turn_context; what token_count usage is priced as. */
  model: string | null;
  /** `model` is ccusage's `gpt-5` stand-in: no turn_context named one yet. */
  modelFallback: boolean;
  /** Last model a `turn_context` system event showed, so only changes are shown. */
  shownModel: string | null;
  turnId: string | null;
  /** The previous `total_token_usage` (ccusage: deltas, and repeats skipped). */
  prevTotal: RawUsage | null;
  /** Sub-agent replay: null undecided, '' none, else the replayed second (first 19 chars of the timestamp). */
  replay: string | null;
  /** Still inside the replayed head of a sub-agent file. */
  skippingReplay: boolean;
  held: HeldTokenCount | null;
  /** The file has turn events (task_started…): turn ends come from them, not from assistant text. */
  turnEvents: boolean;
  titled: boolean;
  /** The last rate limits stored, as JSON, so repeats do not rewrite the agent. */
  rateLimitsJson: string | null;
  pending: BoundedMap<string, PendingCall>;
  ended: BoundedMap<string, EndedCall>;
  aborted: BoundedMap<string, true>;
}

export function freshState(): CodexState {
  return {
    lastTs: 0,
    threadId: null,
    metaSeen: false,
    parentThreadId: null,
    isSubagent: false,
    cwd: null,
    model: null,
    modelFallback: false,
    shownModel: null,
    turnId: null,
    prevTotal: null,
    replay: null,
    skippingReplay: false,
    held: null,
    turnEvents: false,
    titled: false,
    rateLimitsJson: null,
    pending: new BoundedMap(PENDING_LIMIT),
    ended: new BoundedMap(ENDED_LIMIT),
    aborted: new BoundedMap(ABORTED_LIMIT),
  };
}

const VERSION = 1;

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
const optStr = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function readHeld(v: unknown): HeldTokenCount | null {
  if (!isRec(v) || typeof v.tsText !== 'string' || !finite(v.ts) || !finite(v.offset)) return null;
  return {
    tsText: v.tsText,
    ts: v.ts,
    offset: v.offset,
    last: readRawUsage(v.last),
    total: readRawUsage(v.total),
    parsedModel: optStr(v.parsedModel),
    model: optStr(v.model),
    modelFallback: v.modelFallback === true,
    turnId: optStr(v.turnId),
  };
}

function readPairs<V>(v: unknown, map: BoundedMap<string, V>, read: (x: unknown) => V | null): void {
  if (!Array.isArray(v)) return;
  for (const pair of v) {
    if (!Array.isArray(pair) || typeof pair[0] !== 'string') continue;
    const value = read(pair[1]);
    if (value !== null) map.set(pair[0], value);
  }
}

export function loadState(saved: ParserState | null): CodexState {
  const s = freshState();
  if (!saved || saved.v !== VERSION) return s;
  if (finite(saved.lastTs)) s.lastTs = saved.lastTs;
  s.threadId = optStr(saved.threadId);
  s.metaSeen = saved.metaSeen === true;
  s.parentThreadId = optStr(saved.parentThreadId);
  s.isSubagent = saved.isSubagent === true;
  s.cwd = optStr(saved.cwd);
  s.model = optStr(saved.model);
  s.modelFallback = saved.modelFallback === true;
  s.shownModel = optStr(saved.shownModel);
  s.turnId = optStr(saved.turnId);
  s.prevTotal = readRawUsage(saved.prevTotal);
  s.replay = optStr(saved.replay);
  s.skippingReplay = saved.skippingReplay === true;
  s.held = readHeld(saved.held);
  s.turnEvents = saved.turnEvents === true;
  s.titled = saved.titled === true;
  s.rateLimitsJson = optStr(saved.rateLimitsJson);
  readPairs(saved.pending, s.pending, (x) => (isRec(x) && typeof x.name === 'string' && finite(x.ts) ? { name: x.name, ts: x.ts } : null));
  readPairs(saved.ended, s.ended, (x) => {
    if (!isRec(x)) return null;
    const e: EndedCall = {};
    if (finite(x.durationMs)) e.durationMs = x.durationMs;
    if (typeof x.isError === 'boolean') e.isError = x.isError;
    return e;
  });
  readPairs(saved.aborted, s.aborted, (x) => (x === true ? true : null));
  return s;
}

/** JSON-safe snapshot; empty and default fields are left out to keep the common state tiny. */
export function saveState(s: CodexState): ParserState {
  const out: ParserState = { v: VERSION, lastTs: s.lastTs };
  const put = (k: string, v: unknown, keep: boolean) => {
    if (keep) out[k] = v;
  };
  put('threadId', s.threadId, s.threadId !== null);
  put('metaSeen', true, s.metaSeen);
  put('parentThreadId', s.parentThreadId, s.parentThreadId !== null);
  put('isSubagent', true, s.isSubagent);
  put('cwd', s.cwd, s.cwd !== null);
  put('model', s.model, s.model !== null);
  put('modelFallback', true, s.modelFallback);
  put('shownModel', s.shownModel, s.shownModel !== null);
  put('turnId', s.turnId, s.turnId !== null);
  put('prevTotal', s.prevTotal, s.prevTotal !== null);
  put('replay', s.replay, s.replay !== null);
  put('skippingReplay', true, s.skippingReplay);
  put('held', s.held, s.held !== null);
  put('turnEvents', true, s.turnEvents);
  put('titled', true, s.titled);
  put('rateLimitsJson', s.rateLimitsJson, s.rateLimitsJson !== null);
  put('pending', [...s.pending], s.pending.size > 0);
  put('ended', [...s.ended], s.ended.size > 0);
  put('aborted', [...s.aborted], s.aborted.size > 0);
  return out;
}
