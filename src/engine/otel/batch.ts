/**
 * What one OTLP request turns into before the store commits it: agent patches, events, usage records,
 * tool timings and cumulative series positions, plus the counts the answer reports. The mappers
 * (claude-logs.ts, codex-logs.ts, metrics.ts) only ever add to a batch.
 */
import type { EventDataByKind, EventKind, AgentSource } from '../../shared/events';
import { newParseOutput, type AgentPatch, type NewEvent, type TurnMarker, type UsageRecord } from '../adapters/types';
import type { SeriesPosition, TelemetryCommit, ToolTiming } from '../store/types';

/** What the mappers may ask the store (read only). */
export interface StoreView {
  /** Does a transcript on this machine already tell this agent's story? */
  hasTranscript(agentId: string): boolean;
  toolCall(toolUseId: string): { agentId: string | null; durationMs: number | null; durationSource: string | null } | null;
  seriesPositions(keys: string[]): Map<string, SeriesPosition>;
}

/** Where a resource's records come from. */
export interface Origin {
  /** `host.name` of the resource, else the sender's address; undefined: this machine. */
  host?: string;
}

export class TelemetryBatch {
  readonly output = newParseOutput();
  readonly timings: TelemetryCommit['timings'] = [];
  readonly series: SeriesPosition[] = [];
  /** Records or points that became something. */
  accepted = 0;
  /** Well-formed but not read by Lantern (other event names, other metrics): dropped on purpose. */
  ignored = 0;
  rejected = 0;
  readonly problems: string[] = [];
  private readonly narrated = new Map<string, boolean>();

  constructor(
    readonly view: StoreView,
    /** The server's clock: a sender's timestamps are trusted only up to it. */
    readonly now: number,
  ) {}

  /** A sender's time (ms), never later than ours; our time when it gave none. */
  ts(ms: number | null): number {
    return ms === null || ms > this.now ? this.now : ms;
  }

  /** The agent's patch in this batch, with what every record of it carries. */
  agent(id: string, source: AgentSource, sessionId: string, origin: Origin): AgentPatch {
    let p = this.output.agents.get(id);
    if (!p) {
      p = { id, source, sessionId };
      this.output.agents.set(id, p);
    }
    if (origin.host !== undefined) p.host = origin.host;
    return p;
  }

  /**
   * Whether telemetry records events for this agent. Only for agents no transcript here describes (other
   * machines): otherwise the transcript already has every prompt, tool call and error, and telemetry adds
   * only what it alone knows (its cost figures, tool durations, permission decisions).
   */
  narrates(agentId: string): boolean {
    let v = this.narrated.get(agentId);
    if (v === undefined) {
      v = !this.view.hasTranscript(agentId);
      this.narrated.set(agentId, v);
    }
    return v;
  }

  event<K extends EventKind>(patch: AgentPatch, kind: K, ts: number, data: EventDataByKind[K]): void {
    this.output.events.push({ agentId: patch.id, kind, ts, source: 'otel', data } as NewEvent);
    if (patch.startedAt === undefined || ts < patch.startedAt) patch.startedAt = ts;
  }

  marker(patch: AgentPatch, marker: TurnMarker): void {
    patch.marker = marker;
  }

  model(patch: AgentPatch, model: string | undefined): void {
    if (!model || model === 'unknown') return;
    if (!patch.models) patch.models = [model];
    else if (!patch.models.includes(model)) patch.models.push(model);
  }

  usage(u: UsageRecord): void {
    this.output.usage.push(u);
  }

  timing(agentId: string, timing: ToolTiming): void {
    this.timings.push({ agentId, timing });
  }

  reject(problem: string): void {
    this.rejected++;
    if (this.problems.length < 5 && !this.problems.includes(problem)) this.problems.push(problem);
  }

  commit(): TelemetryCommit {
    return { output: this.output, timings: this.timings, series: this.series };
  }
}
