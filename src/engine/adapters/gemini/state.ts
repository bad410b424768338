/**
 * What a Gemini parser remembers about one file across reads and restarts: which messages are live (in order,
 * for `$rewindTo`) and, per message, what has already become an event. A message is re-written whole each time
 * it changes (JSONL upsert, or the whole legacy document), so only the difference is emitted. Stored next to
 * the file offset in the same transaction (types.ts ParserState); bounded by MESSAGE_LIMIT.
 */
import type { ParserState } from '../types';

/**
 * Messages tracked per file (the state is written with every batch, so it stays tens of KB). Only the latest
 * messages are ever upserted; an older one that shows up again whole (a legacy document re-read, a
 * `$set.messages` history) is recognised by its timestamp at or before `floorTs`, and a rewind to a forgotten
 * id removes every tracked message, as it should.
 */
export const MESSAGE_LIMIT = 1000;

/** What was emitted for one message. Short keys: this is serialized with every batch. */
export interface MessageMark {
  /** Message timestamp (ms). */
  s: number;
  /** Hash of the text emitted (prompt, answer or notice); absent when none was. */
  t?: string;
  /** Thoughts emitted. */
  h?: number;
  /** Tool call ids emitted as `tool_call`. */
  c?: string[];
  /** Tool call ids whose `tool_result` was emitted. */
  r?: string[];
  /** A `usage` event was emitted. */
  u?: 1;
}

export interface GeminiState {
  /** The session the file's records name (metadata line or document); null until seen. */
  sessionId: string | null;
  /** Last message timestamp (ms); records without one inherit it. */
  lastTs: number;
  /** Model of the last record that named one: ccusage's hint for messages without their own (JSONL only). */
  model: string | null;
  /** The session was titled from its first prompt. */
  titled: boolean;
  /** Hash of the last summary emitted. */
  summary: string | null;
  /** The one-time note that this file is a copy of another was emitted. */
  dupNoted: boolean;
  /** Live messages in order, with what was emitted for each. */
  marks: Map<string, MessageMark>;
  /** Newest timestamp among forgotten messages. */
  floorTs: number;
}

export function freshState(): GeminiState {
  return { sessionId: null, lastTs: 0, model: null, titled: false, summary: null, dupNoted: false, marks: new Map(), floorTs: -Infinity };
}

const VERSION = 1;

const strings = (v: unknown): string[] | undefined => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined);
const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function loadMark(v: unknown): MessageMark | null {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return null;
  const r = v as Record<string, unknown>;
  const m: MessageMark = { s: finite(r.s) ? r.s : 0 };
  if (typeof r.t === 'string') m.t = r.t;
  if (finite(r.h)) m.h = r.h;
  const c = strings(r.c);
  if (c?.length) m.c = c;
  const rr = strings(r.r);
  if (rr?.length) m.r = rr;
  if (r.u === 1) m.u = 1;
  return m;
}

/** Restore saved state; anything unreadable starts fresh rather than failing the file. */
export function loadState(saved: ParserState | null): GeminiState {
  const s = freshState();
  if (!saved || saved.v !== VERSION) return s;
  if (typeof saved.sessionId === 'string') s.sessionId = saved.sessionId;
  if (finite(saved.lastTs)) s.lastTs = saved.lastTs;
  if (typeof saved.model === 'string') s.model = saved.model;
  if (saved.titled === true) s.titled = true;
  if (typeof saved.summary === 'string') s.summary = saved.summary;
  if (saved.dupNoted === true) s.dupNoted = true;
  if (finite(saved.floorTs)) s.floorTs = saved.floorTs;
  if (Array.isArray(saved.marks)) {
    for (const pair of saved.marks) {
      if (!Array.isArray(pair) || typeof pair[0] !== 'string') continue;
      const m = loadMark(pair[1]);
      if (m) s.marks.set(pair[0], m);
    }
  }
  return s;
}

/** JSON-safe snapshot (marks as `[id, mark]` pairs, in message order). */
export function saveState(s: GeminiState): ParserState {
  const out: ParserState = { v: VERSION, lastTs: s.lastTs };
  if (s.sessionId !== null) out.sessionId = s.sessionId;
  if (s.model !== null) out.model = s.model;
  if (s.titled) out.titled = true;
  if (s.summary !== null) out.summary = s.summary;
  if (s.dupNoted) out.dupNoted = true;
  if (s.floorTs !== -Infinity) out.floorTs = s.floorTs;
  if (s.marks.size) out.marks = [...s.marks];
  return out;
}

/** Add a message at the end of the live list, forgetting the oldest past MESSAGE_LIMIT. */
export function track(s: GeminiState, id: string, mark: MessageMark): void {
  s.marks.set(id, mark);
  while (s.marks.size > MESSAGE_LIMIT) {
    const oldest = s.marks.entries().next();
    if (oldest.done) break;
    s.marks.delete(oldest.value[0]);
    if (oldest.value[1].s > s.floorTs) s.floorTs = oldest.value[1].s;
  }
}

/** FNV-1a over UTF-16 code units, base 36: enough to tell whether a message's text changed. */
export function textHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return `${text.length.toString(36)}.${(h >>> 0).toString(36)}`;
}
