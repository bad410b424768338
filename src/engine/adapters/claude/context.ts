/**
 * What the record handlers (content.ts, records.ts) may do with the line being parsed. The parser
 * implements it; keeping it an interface keeps handlers free of agent-id and state bookkeeping.
 */
import type { EventDataByKind, EventKind } from '../../../shared/events';
import type { SourceFile, TurnMarker } from '../types';

export interface LineContext {
  readonly file: SourceFile;
  /** Byte offset of the current line. */
  readonly offset: number;
  /** Agent the current record belongs to. */
  readonly agentId: string;
  /** Emit an event for the current agent at the current record's time. */
  emit<K extends EventKind>(kind: K, data: EventDataByKind[K]): void;
  setMarker(marker: TurnMarker): void;
  setTitle(text: string, priority: number): void;
  /** Title the current agent from its first real prompt (once per agent). */
  titleFromPrompt(text: string): void;
  addModel(model: string): void;
  /** Link sub-agent `<childAgentId>` of this session to the current agent, before its own file is read. */
  linkChild(childAgentId: string, sessionFromRecord: string | undefined): void;
  /** Record a usage record; true the first time this parser sees the key. */
  firstUsage(key: string): boolean;
  /** Current record time (epoch ms). */
  readonly ts: number;
}
