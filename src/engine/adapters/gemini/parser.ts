/**
 * Gemini CLI chats → typed events. Two formats, one model (FORMATS.md §6):
 *
 * - `.jsonl` (append mode, one record per line): a metadata line, messages upserted by id (the same id is
 *   appended again, whole, when its tool calls or tokens change: last write wins), `{"$set": {…}}` metadata
 *   updates (`messages` in it replaces the whole list) and `{"$rewindTo": id}` (that message and all later ones
 *   are gone);
 * - `.json` (rewrite mode): one document `{sessionId, …, messages[]}` rewritten whole on every change, handed to
 *   `parseDocument` on each read.
 *
 * The store is append-only, so the parser keeps, per file, what each live message already produced (state.ts)
 * and emits only the difference: new thoughts, a changed text, new tool calls, newly finished tool calls, the
 * first usage. A rewind (or a message missing from a new document / `$set.messages`) is a `system` event naming
 * the messages removed; their usage stays counted (it was billed, and ccusage counts it too).
 */
import type { EventDataByKind, EventKind } from '../../../shared/events';
import { cap, EXCERPT_CAP, firstNonBlank, isRec, parseTs, str, TEXT_CAP, titleOf, type Rec } from '../claude/values';
import { addModelTo, agentPatchIn, type AgentPatch, type FileParser, type NewEvent, type ParseOutput, type ParserState, type SourceFile, type TurnMarker, type UsageRecord } from '../types';
import { handleMessage, type MessageContext, type Origin } from './messages';
import { classifyGeminiPath, stemOf, type GeminiPath } from './paths';
import { loadState, saveState, textHash, track, type GeminiState, type MessageMark } from './state';

/** What the filesystem around a file tells (index.ts finds it; the parser itself never touches the disk). */
export interface GeminiFileContext {
  /** The project's root from `projects.json`, else the slug folder's name; best effort. */
  cwd?: string;
  /**
   * Another copy of this session that is read instead (a hash folder beside the slug folder it was migrated
   * to): this file's usage still lands (same keys, so it collapses), its events do not.
   */
  duplicateOf?: string;
  /** A legacy `.json` of this session sits beside this `.jsonl` (a resumed session): it owns the carried history. */
  legacyTwin?: boolean;
}

/** Rewinds and replaced histories name at most this many of the messages they removed. */
const REMOVED_LIST_CAP = 50;

const nonEmpty = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

class GeminiFileParser implements FileParser, MessageContext {
  private readonly st: GeminiState;
  private readonly where: GeminiPath | null;
  private readonly fallbackId: string;
  private out!: ParseOutput;
  offset = 0;
  /** Id of the last live message (the one whose kind sets the turn marker). */
  private lastId: string | null = null;

  constructor(
    private readonly file: SourceFile,
    saved: ParserState | null,
    private readonly ctx: GeminiFileContext,
  ) {
    this.st = loadState(saved);
    this.where = classifyGeminiPath(file.path);
    const name = this.where?.name ?? file.path.split(/[\\/]/).pop() ?? file.path;
    this.fallbackId = `gemini:${stemOf(name)}`;
    this.lastId = lastKey(this.st.marks);
  }

  get agentId(): string {
    return this.st.sessionId ? `gemini:${this.st.sessionId}` : this.fallbackId;
  }

  private get quietFile(): boolean {
    return this.ctx.duplicateOf !== undefined;
  }

  // ---- FileParser ----------------------------------------------------------------------------------

  parseLine(line: string, offset: number, out: ParseOutput): void {
    if (firstNonBlank(line) < 0) return;
    this.out = out;
    this.offset = offset;
    let rec: unknown;
    try {
      rec = JSON.parse(line);
    } catch {
      this.unparsed('invalid JSON', line);
      return;
    }
    if (!isRec(rec)) {
      this.unparsed('not an object', line);
      return;
    }
    this.record(rec, line);
  }

  parseDocument(text: string, out: ParseOutput): boolean {
    this.out = out;
    this.offset = 0;
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch {
      return false; // mid-rewrite (gemini-cli truncates, then writes): read again on the next change
    }
    if (!isRec(doc)) {
      this.unparsed('not an object', text);
      return true;
    }
    if (!Array.isArray(doc.messages)) {
      this.unparsed('not a Gemini session document (no messages)', text);
      return true;
    }
    this.metadata(doc, false);
    this.replaceAll(doc.messages, 'document');
    return true;
  }

  state(): ParserState {
    return saveState(this.st);
  }

  // ---- records -------------------------------------------------------------------------------------

  private record(rec: Rec, line: string): void {
    // ccusage's model hint: the last model any JSONL record named, for gemini messages without one.
    const model = nonEmpty(rec.model);
    if (model) this.st.model = model;
    if (typeof rec.$rewindTo === 'string') this.rewind(rec.$rewindTo);
    else if (isRec(rec.$set)) this.setMetadata(rec.$set);
    else if (typeof rec.id === 'string' || typeof rec.type === 'string') this.message(rec, 'line', undefined);
    else if (typeof rec.sessionId === 'string' || typeof rec.projectHash === 'string' || typeof rec.startTime === 'string') this.metadata(rec, true);
    else this.unparsed('unknown record (no id, type, $set, $rewindTo or sessionId)', line);
  }

  /** The metadata line of a `.jsonl`, or the top of a legacy document. */
  private metadata(rec: Rec, withMessages: boolean): void {
    const sessionId = nonEmpty(rec.sessionId);
    if (sessionId && this.st.sessionId === null) this.st.sessionId = sessionId;
    const p = this.patch();
    const started = parseTs(rec.startTime);
    if (started !== null && (p.startedAt === undefined || started < p.startedAt)) p.startedAt = started;
    if (this.quietFile && !this.st.dupNoted && this.st.sessionId) {
      this.st.dupNoted = true;
      this.emit('system', {
        subtype: 'duplicate_copy',
        text: `This session is also recorded in ${this.ctx.duplicateOf}; its events are read from there.`,
        data: { path: this.file.path, readFrom: this.ctx.duplicateOf },
      }, this.st.lastTs || (started ?? 0));
    }
    this.summary(rec.summary);
    // The first line of a resumed legacy session carries its history: upserted like appended messages.
    if (withMessages && Array.isArray(rec.messages)) {
      for (const m of rec.messages) if (isRec(m)) this.message(m, 'embedded', undefined);
    }
  }

  private setMetadata(set: Rec): void {
    this.summary(set.summary);
    if (Array.isArray(set.messages)) this.replaceAll(set.messages, 'embedded');
  }

  private summary(v: unknown): void {
    const text = nonEmpty(v);
    if (!text) return;
    const h = textHash(text);
    if (this.st.summary === h) return;
    this.st.summary = h;
    const p = this.patch();
    const title = titleOf(text);
    if (title && (!p.title || p.title.priority <= 1)) p.title = { text: title, priority: 1 };
    if (!this.quietFile) this.emit('system', { subtype: 'summary', text: cap(text, TEXT_CAP) }, this.st.lastTs);
  }

  /** `$rewindTo`: the message and every later one are gone; an id not (or no longer) tracked clears them all. */
  private rewind(to: string): void {
    const ids = [...this.st.marks.keys()];
    const at = ids.indexOf(to);
    const removed = at < 0 ? ids : ids.slice(at);
    for (const id of removed) this.st.marks.delete(id);
    this.lastId = lastKey(this.st.marks);
    if (this.quietFile) return;
    const data: Record<string, unknown> = { to, removedCount: removed.length, removed: removed.slice(0, REMOVED_LIST_CAP) };
    if (at < 0) data.targetUnknown = true;
    this.emit('system', { subtype: 'rewind', text: `Rewound to ${to}: ${removed.length} message(s) removed`, data }, this.st.lastTs);
    this.setMarker('turn_end'); // the CLI is back at its prompt
  }

  /**
   * A whole message list (a legacy document, or `$set.messages`): messages no longer in it are removed, the
   * rest are upserted in the list's order.
   */
  private replaceAll(list: unknown[], origin: Exclude<Origin, 'line'>): void {
    const incoming = new Set<string>();
    list.forEach((m, i) => {
      if (isRec(m)) incoming.add(messageId(m, origin, i, 0));
    });
    const previous = this.st.marks;
    const removed = [...previous.keys()].filter((id) => !incoming.has(id));
    this.st.marks = new Map();
    this.lastId = null;
    if (removed.length && !this.quietFile) {
      const subtype = origin === 'document' ? 'messages_removed' : 'history_replaced';
      const data = { removedCount: removed.length, removed: removed.slice(0, REMOVED_LIST_CAP), kept: incoming.size };
      this.emit('system', { subtype, text: `${removed.length} message(s) no longer in the session's history`, data }, this.st.lastTs);
    }
    list.forEach((m, i) => {
      if (isRec(m)) this.message(m, origin, previous, i);
    });
  }

  private message(m: Rec, origin: Origin, previous: Map<string, MessageMark> | undefined, index = 0): void {
    const id = messageId(m, origin, index, this.offset);
    const type = str(m.type) ?? '';
    const own = parseTs(m.timestamp) ?? parseTs(m.created_at);
    const ts = own ?? this.st.lastTs;
    if (own !== null && own > this.st.lastTs) this.st.lastTs = own;
    let quiet = this.quietFile || (origin === 'embedded' && this.ctx.legacyTwin === true);
    let mark = this.st.marks.get(id) ?? previous?.get(id);
    if (!mark) {
      mark = { s: ts };
      // Forgotten (older than the state keeps) and seen again whole: it was emitted before.
      if (origin !== 'line' && own !== null && own <= this.st.floorTs) quiet = true;
    }
    if (!this.st.marks.has(id)) {
      track(this.st, id, mark);
      this.lastId = id;
    }
    const p = this.patch();
    if (own !== null && (p.lastEventAt === undefined || own > p.lastEventAt)) p.lastEventAt = own;
    handleMessage(this, { m, id, type, mark, ts, quiet, last: this.lastId === id, origin, modelHint: origin === 'line' ? this.st.model ?? undefined : undefined });
  }

  private unparsed(reason: string, line: string): void {
    this.emit('unparsed', { reason, excerpt: line.slice(0, EXCERPT_CAP), offset: this.offset }, this.st.lastTs);
  }

  // ---- output --------------------------------------------------------------------------------------

  private patch(): AgentPatch {
    return agentPatchIn(this.out, this.agentId, 'gemini', (p) => {
      if (this.st.sessionId) p.sessionId = this.st.sessionId;
      if (this.where?.kind === 'subagent') p.parentId = `gemini:${this.where.parentSessionId}`;
      if (!this.quietFile) p.transcript = this.file.path;
      if (this.ctx.cwd) p.cwd = this.ctx.cwd;
    });
  }

  // ---- MessageContext -----------------------------------------------------------------------------

  get filePath(): string {
    return this.file.path;
  }

  emit<K extends EventKind>(kind: K, data: EventDataByKind[K], ts: number): void {
    this.patch();
    this.out.events.push({ agentId: this.agentId, kind, ts, source: 'transcript', data } as NewEvent);
  }

  setMarker(marker: TurnMarker): void {
    this.patch().marker = marker;
  }

  titleFromPrompt(text: string): void {
    if (this.st.titled) return;
    const title = titleOf(text);
    if (!title) return;
    this.st.titled = true;
    const p = this.patch();
    if (!p.title) p.title = { text: title, priority: 0 };
  }

  addModel(model: string): void {
    addModelTo(this.patch(), model);
  }

  addUsage(u: UsageRecord): void {
    this.out.usage.push(u);
  }
}

/** A message's id; one without gets a stable stand-in (its line, or its place in the list). */
function messageId(m: Rec, origin: Origin, index: number, offset: number): string {
  if (typeof m.id === 'string' && m.id) return m.id;
  return origin === 'line' ? `@${offset}` : `@${origin}:${index}`;
}

function lastKey<K>(m: Map<K, unknown>): K | null {
  let last: K | null = null;
  for (const k of m.keys()) last = k;
  return last;
}

/** A parser for one Gemini chat file, resuming from `saved` when given. */
export function createGeminiParser(file: SourceFile, saved: ParserState | null, ctx: GeminiFileContext = {}): FileParser {
  return new GeminiFileParser(file, saved, ctx);
}
