/**
 * What the record handlers (items.ts, event-msgs.ts, token-count.ts) may do with the line being
 * parsed. The parser implements it, keeping agent ids, patches and timestamps out of the handlers.
 */
import type { EventDataByKind, EventKind } from '../../../shared/events';
import type { AgentPatch, SourceFile, TurnMarker, UsageRecord } from '../types';
import type { CodexState } from './state';

export interface CodexContext {
  readonly file: SourceFile;
  readonly st: CodexState;
  /** Byte offset of the current line. */
  readonly offset: number;
  /** Current record time (epoch ms): its own timestamp, else the last one seen. */
  readonly ts: number;
  /** The record's own timestamp as written, when it has one (ccusage keys usage on it). */
  readonly tsText: string | null;
  readonly agentId: string;
  /** The thread this file stands for (`codex:<threadId>` is the agent id). */
  readonly threadId: string;
  emit<K extends EventKind>(kind: K, data: EventDataByKind[K]): void;
  setMarker(marker: TurnMarker): void;
  /** The current agent's patch in the output, created on first use for this line. */
  patch(): AgentPatch;
  /** Title the agent from its first typed prompt (once). */
  titleFromPrompt(text: string): void;
  addModel(model: string): void;
  setCwd(cwd: string): void;
  addUsage(record: UsageRecord): void;
}
