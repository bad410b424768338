/**
 * Claude Code JSONL → typed events. One JSON.parse per line; the record handlers live in content.ts
 * (user/assistant) and records.ts (everything else), agent ids in agents.ts. This file owns the line
 * loop, the agent patches, timestamps and the saved state.
 */
import type { EventDataByKind, EventKind } from '../../../shared/events';
import { addModelTo, agentPatchIn, coverTime, type AgentPatch, type FileParser, type NewEvent, type ParseOutput, type ParserState, type SourceFile, type TurnMarker } from '../types';
import { AgentResolver, subAgentId, type AgentRef } from './agents';
import type { LineContext } from './context';
import { handleAssistant, handleUser } from './content';
import { classifyClaudePath } from './paths';
import { handleAttachment, handleMetadata, handleProgress, handleSystem, handleUnknown } from './records';
import { loadState, saveState, type ClaudeState } from './state';
import { TaskTextBuffer } from './task-text';
import { EXCERPT_CAP, firstNonBlank, isRec, parseTs, titleOf, type Rec } from './values';

class ClaudeFileParser implements FileParser, LineContext {
  readonly file: SourceFile;
  private readonly st: ClaudeState;
  private readonly agents: AgentResolver;
  private readonly text: TaskTextBuffer | null;

  // Per-line fields, reused to avoid allocating a context per line.
  offset = 0;
  ts = 0;
  agentId = '';
  private out!: ParseOutput;
  private ref!: AgentRef;
  private cwd: string | undefined;
  private hasOwnTs = false;
  private touched: AgentPatch | null = null;
  private line = '';

  constructor(file: SourceFile, saved: ParserState | null) {
    this.file = file;
    const where = classifyClaudePath(file.path);
    this.st = loadState(saved);
    this.agents = new AgentResolver(file.path, where, this.st);
    this.text = where?.kind === 'task' ? new TaskTextBuffer() : null;
  }

  parseLine(line: string, offset: number, out: ParseOutput): void {
    const start = firstNonBlank(line);
    if (start < 0) {
      if (this.text) this.addText(line, out); // blank lines are part of plain task output
      return;
    }
    this.out = out;
    this.line = line;
    this.offset = offset;
    this.touched = null;
    this.cwd = undefined;
    this.hasOwnTs = false;
    this.ts = this.st.lastTs;

    let rec: unknown;
    let reason: string | null = null;
    // Task output may be plain text (Bash): only lines that look like JSON objects are tried as records.
    if (this.text && line.charCodeAt(start) !== 123 /* { */) {
      this.addText(line, out);
      return;
    }
    try {
      rec = JSON.parse(line);
    } catch {
      reason = 'invalid JSON';
    }
    if (reason === null && !isRec(rec)) reason = 'not an object';
    if (reason === null && typeof (rec as Rec).type !== 'string') reason = 'no type';
    if (reason !== null) {
      if (this.text) {
        this.addText(line, out);
        return;
      }
      this.ref = this.agents.fileAgent(null);
      this.agentId = this.ref.id;
      this.unparsed(reason);
      return;
    }
    this.record(rec as Rec);
    this.line = '';
  }

  private record(rec: Rec): void {
    const ts = parseTs(rec.timestamp);
    if (ts !== null) {
      this.st.lastTs = ts;
      this.ts = ts;
      this.hasOwnTs = true;
    } else if (this.ts === 0 && isRec(rec.snapshot)) {
      // A file's first line is often a file-history-snapshot: no timestamp of its own, but its snapshot has one.
      this.ts = parseTs(rec.snapshot.timestamp) ?? 0;
    }
    if (typeof rec.cwd === 'string' && rec.cwd) this.cwd = rec.cwd;
    this.ref = this.agents.agentFor(rec);
    this.agentId = this.ref.id;

    const type = rec.type as string;
    switch (type) {
      case 'user':
        if (!handleUser(this, rec)) this.unparsed('user record without content');
        break;
      case 'assistant':
        if (!handleAssistant(this, rec, this.out)) this.unparsed('assistant record without message');
        break;
      case 'system':
        handleSystem(this, rec);
        break;
      case 'progress':
        handleProgress(this, rec);
        break;
      case 'attachment':
        handleAttachment(this, rec);
        break;
      default:
        if (!handleMetadata(this, rec, type)) handleUnknown(this, rec, type);
    }
  }

  private unparsed(reason: string): void {
    this.emit('unparsed', { reason, excerpt: this.line.slice(0, EXCERPT_CAP), offset: this.offset });
  }

  /** Called by the ingest loop at the end of each batch, before state() is saved. */
  flush(out: ParseOutput): void {
    if (!this.text || this.text.empty) return;
    const { text, lines, droppedChars } = this.text.take();
    this.out = out;
    this.touched = null;
    this.cwd = undefined;
    this.hasOwnTs = false;
    this.ts = this.st.lastTs;
    this.ref = this.agents.fileAgent(null);
    this.agentId = this.ref.id;
    const data: Record<string, unknown> = { lines };
    if (droppedChars) data.droppedChars = droppedChars;
    this.emit('system', { subtype: 'task_output', text, data });
  }

  private addText(line: string, out: ParseOutput): void {
    this.out = out;
    this.text?.add(line);
  }

  state(): ParserState {
    return saveState(this.st);
  }

  /** The current agent's patch in `out`, created or refreshed once per line. */
  private patch(): AgentPatch {
    if (this.touched) return this.touched;
    const ref = this.ref;
    const p = agentPatchIn(this.out, ref.id, 'claude');
    if (ref.sessionId !== undefined) p.sessionId = ref.sessionId;
    if (ref.parentId !== undefined) p.parentId = ref.parentId;
    if (ref.transcript !== undefined) p.transcript = ref.transcript;
    if (this.cwd !== undefined) p.cwd = this.cwd;
    if (this.hasOwnTs) coverTime(p, this.ts);
    this.touched = p;
    return p;
  }

  // ---- LineContext -------------------------------------------------------------------------------

  emit<K extends EventKind>(kind: K, data: EventDataByKind[K]): void {
    this.patch();
    this.out.events.push({ agentId: this.agentId, kind, ts: this.ts, source: 'transcript', data } as NewEvent);
  }

  setMarker(marker: TurnMarker): void {
    this.patch().marker = marker;
  }

  setTitle(text: string, priority: number): void {
    const p = this.patch();
    if (!p.title || priority >= p.title.priority) p.title = { text, priority };
  }

  titleFromPrompt(text: string): void {
    if (this.st.titled.has(this.agentId)) return;
    const t = titleOf(text);
    if (!t) return;
    this.st.titled.add(this.agentId);
    const p = this.patch();
    if (!p.title) p.title = { text: t, priority: 0 };
  }

  addModel(model: string): void {
    addModelTo(this.patch(), model);
  }

  linkChild(childAgentId: string, sessionFromRecord: string | undefined): void {
    const session = this.agents.session(null) ?? sessionFromRecord;
    if (!session) return;
    const id = subAgentId(session, childAgentId);
    if (id === this.agentId) return;
    const p = agentPatchIn(this.out, id, 'claude');
    p.sessionId = session;
    p.parentId = this.agentId;
  }

  firstUsage(key: string): boolean {
    if (this.st.usageKeys.has(key)) return false;
    this.st.usageKeys.add(key);
    return true;
  }
}

/** A parser for one Claude Code file, resuming from `saved` when given. */
export function createClaudeParser(file: SourceFile, saved: ParserState | null): FileParser {
  return new ClaudeFileParser(file, saved);
}
