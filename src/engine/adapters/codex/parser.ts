/**
 * Codex rollout JSONL → typed events. One JSON.parse per line; this file owns the line loop, the two
 * eras (enveloped `{timestamp, type, payload}` and legacy bare lines), the agent id and patch, and
 * session_meta / turn_context. Items are in items.ts, event_msg payloads in event-msgs.ts.
 */
import type { EventDataByKind, EventKind } from '../../../shared/events';
import { EXCERPT_CAP, firstNonBlank, isRec, str, summarizeRec, titleOf, type Rec } from '../claude/values';
import { addModelTo, agentPatchIn, coverTime, type AgentPatch, type FileParser, type NewEvent, type ParseOutput, type ParserState, type SourceFile, type TurnMarker, type UsageRecord } from '../types';
import type { CodexContext } from './context';
import { handleEventMsg } from './event-msgs';
import { handleItem, ITEM_TYPES } from './items';
import { classifyCodexPath } from './paths';
import { loadState, saveState, type CodexState } from './state';
import { settleHeld } from './token-count';
import { interruptPending } from './tools';
import { modelOf, timestampOf } from './usage-math';

const PREFIX = 'codex:';

/** Envelope types whose payload is handled; anything else is `unknown:<type>`. */
const ENVELOPES = new Set(['session_meta', 'turn_context', 'response_item', 'event_msg', 'compacted']);

/** Fields of session_meta not worth copying into its event (long instructions, tool lists). */
const META_SKIP = new Set(['id', 'timestamp', 'cwd', 'instructions', 'base_instructions', 'user_instructions', 'dynamic_tools', 'type']);

export function codexAgentId(threadId: string): string {
  return PREFIX + threadId;
}

class CodexFileParser implements FileParser, CodexContext {
  readonly file: SourceFile;
  readonly st: CodexState;
  private readonly pathThread: string | null;

  offset = 0;
  ts = 0;
  tsText: string | null = null;
  agentId = '';
  threadId = '';
  private out!: ParseOutput;
  private line = '';
  private hasOwnTs = false;
  private touched: AgentPatch | null = null;

  constructor(file: SourceFile, saved: ParserState | null) {
    this.file = file;
    this.st = loadState(saved);
    this.pathThread = classifyCodexPath(file.path)?.threadId ?? null;
  }

  parseLine(line: string, offset: number, out: ParseOutput): void {
    if (firstNonBlank(line) < 0) return;
    this.out = out;
    this.line = line;
    this.offset = offset;
    this.touched = null;
    this.hasOwnTs = false;
    this.ts = this.st.lastTs;
    this.tsText = null;
    let rec: unknown;
    try {
      rec = JSON.parse(line);
    } catch {
      this.useThread(null);
      this.unparsed('invalid JSON');
      return;
    }
    if (!isRec(rec)) {
      this.useThread(null);
      this.unparsed('not an object');
      return;
    }
    this.record(rec);
    this.line = '';
  }

  /** Fix the agent for this file: the file name's thread, else the first record naming one, else the path. */
  private useThread(fromRecord: string | null): void {
    if (this.st.threadId === null) this.st.threadId = this.pathThread ?? fromRecord ?? `file:${this.file.path}`;
    this.threadId = this.st.threadId;
    this.agentId = PREFIX + this.threadId;
  }

  private record(rec: Rec): void {
    const t = timestampOf(rec.timestamp);
    if (t) {
      this.st.lastTs = t.ms;
      this.ts = t.ms;
      this.tsText = t.text;
      this.hasOwnTs = true;
    }
    const type = rec.type;
    const payload = rec.payload;
    const legacyMeta = type === undefined && typeof rec.id === 'string' && ('instructions' in rec || 'timestamp' in rec);
    const metaId = type === 'session_meta' && isRec(payload) ? str(payload.id) : legacyMeta ? (rec.id as string) : undefined;
    this.useThread(metaId?.toLowerCase() ?? null);
    if (this.tsText !== null) settleHeld(this, this.tsText);

    if (rec.record_type === 'state') return; // legacy sentinel, also in newer files: no content
    if (legacyMeta) {
      this.sessionMeta(rec, true);
      return;
    }
    if (typeof type !== 'string') {
      this.unparsed('no type');
      return;
    }
    if (ENVELOPES.has(type)) {
      if (!isRec(payload)) {
        this.unparsed(`${type} without payload`);
        return;
      }
      this.envelope(type, payload);
      return;
    }
    if (ITEM_TYPES.has(type)) {
      handleItem(this, rec, type); // legacy bare item
      return;
    }
    this.emit('system', { subtype: `unknown:${type}`, data: summarizeRec(rec, new Set(['type', 'timestamp'])) });
  }

  private envelope(type: string, p: Rec): void {
    switch (type) {
      case 'session_meta':
        this.sessionMeta(p, false);
        return;
      case 'turn_context':
        this.turnContext(p);
        return;
      case 'compacted':
        this.emit('system', { subtype: 'compacted', text: str(p.message) ?? '', data: { replacedItems: Array.isArray(p.replacement_history) ? p.replacement_history.length : 0 } });
        return;
    }
    const inner = str(p.type);
    if (!inner) {
      this.unparsed(`${type} without payload type`);
      return;
    }
    if (type === 'response_item') handleItem(this, p, inner);
    else handleEventMsg(this, p, inner);
  }

  /** `session_meta` payload, or a legacy first line `{id, timestamp, instructions, git}`. */
  private sessionMeta(p: Rec, legacy: boolean): void {
    const st = this.st;
    const id = str(p.id)?.toLowerCase();
    const same = id === undefined || id === this.threadId;
    const data = summarizeRec(p, META_SKIP);
    if (id) data.id = id;
    if (legacy) data.legacy = true;
    if (st.metaSeen || !same) {
      // Resumed in this file: what waited for output will not get it. A fork copies another thread's meta.
      if (same) interruptPending(this, 'session resumed');
      this.emit('system', { subtype: 'session_meta', text: same ? 'session resumed' : 'copied from another thread', data });
      return;
    }
    st.metaSeen = true;
    const patch = this.patch();
    patch.sessionId = this.threadId;
    const cwd = str(p.cwd);
    if (cwd) this.setCwd(cwd);
    const started = timestampOf(p.timestamp);
    if (started && (patch.startedAt === undefined || started.ms < patch.startedAt)) patch.startedAt = started.ms;
    const source = p.source;
    const spawn = isRec(source) && isRec(source.subagent) ? source.subagent.thread_spawn : undefined;
    if (isRec(source) && 'subagent' in source) st.isSubagent = true;
    if (isRec(spawn) && typeof spawn.parent_thread_id === 'string' && spawn.parent_thread_id) {
      st.parentThreadId = spawn.parent_thread_id.toLowerCase();
      patch.parentId = PREFIX + st.parentThreadId;
      // summarize() stops at depth 3, which is where the spawn's facts sit: copied up.
      data.spawn = summarizeRec(spawn);
    }
    this.emit('system', { subtype: 'session_meta', data });
  }

  private turnContext(p: Rec): void {
    const st = this.st;
    const cwd = str(p.cwd);
    if (cwd) this.setCwd(cwd);
    if (typeof p.turn_id === 'string') st.turnId = p.turn_id;
    const model = modelOf(p);
    if (!model) return;
    st.model = model;
    st.modelFallback = false;
    this.addModel(model);
    if (model === st.shownModel) return;
    st.shownModel = model;
    const sandbox = isRec(p.sandbox_policy) ? p.sandbox_policy.type : p.sandbox_policy;
    const data: Rec = { model };
    if (typeof p.effort === 'string') data.effort = p.effort;
    if (typeof p.approval_policy === 'string') data.approvalPolicy = p.approval_policy;
    if (typeof sandbox === 'string') data.sandbox = sandbox;
    this.emit('system', { subtype: 'turn_context', text: `model ${model}${typeof p.effort === 'string' ? ` (${p.effort})` : ''}`, data });
  }

  private unparsed(reason: string): void {
    this.emit('unparsed', { reason, excerpt: this.line.slice(0, EXCERPT_CAP), offset: this.offset });
  }

  state(): ParserState {
    return saveState(this.st);
  }

  // ---- CodexContext -------------------------------------------------------------------------------

  patch(): AgentPatch {
    if (this.touched) return this.touched;
    const p = agentPatchIn(this.out, this.agentId, 'codex', (created) => {
      created.sessionId = this.threadId;
      created.transcript = this.file.path;
    });
    if (this.st.parentThreadId) p.parentId = PREFIX + this.st.parentThreadId;
    if (this.hasOwnTs) coverTime(p, this.ts);
    this.touched = p;
    return p;
  }

  emit<K extends EventKind>(kind: K, data: EventDataByKind[K]): void {
    this.patch();
    this.out.events.push({ agentId: this.agentId, kind, ts: this.ts, source: 'transcript', data } as NewEvent);
  }

  setMarker(marker: TurnMarker): void {
    this.patch().marker = marker;
  }

  setCwd(cwd: string): void {
    this.st.cwd = cwd;
    this.patch().cwd = cwd;
  }

  titleFromPrompt(text: string): void {
    if (this.st.titled) return;
    const t = titleOf(text);
    if (!t) return;
    this.st.titled = true;
    const p = this.patch();
    if (!p.title) p.title = { text: t, priority: 0 };
  }

  addModel(model: string): void {
    addModelTo(this.patch(), model);
  }

  addUsage(r: UsageRecord): void {
    this.patch();
    this.out.usage.push(r);
    const data: EventDataByKind['usage'] = {
      messageId: r.messageId,
      requestId: r.requestId,
      model: r.model,
      inputTokens: r.inputTokens,
      outputTokens: r.outputTokens,
      cacheCreationTokens: r.cacheCreationTokens,
      cacheReadTokens: r.cacheReadTokens,
    };
    this.out.events.push({ agentId: this.agentId, kind: 'usage', ts: r.ts, source: 'transcript', data });
  }
}

/** A parser for one Codex rollout, resuming from `saved` when given. */
export function createCodexParser(file: SourceFile, saved: ParserState | null): FileParser {
  return new CodexFileParser(file, saved);
}
