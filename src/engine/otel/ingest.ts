/**
 * OTLP requests into the store and onto the bus, like the hooks and milestones (pipeline/direct-ingest.ts):
 * decode, map every record to a batch, commit the batch in one transaction, publish, re-derive state.
 * Synchronous from the decoded body on: nothing else can write between reading the store's view and
 * committing, so the merge decisions a batch made still hold when it lands.
 */
import { isIP } from 'node:net';
import type { Bus } from '../bus';
import type { Clock } from '../clock';
import type { Liveness } from '../liveness/liveness';
import type { Store } from '../store/store';
import { id as idAttr, text } from './attr';
import { TelemetryBatch, type Origin, type StoreView } from './batch';
import { claudeLog } from './claude-logs';
import { codexLog } from './codex-logs';
import { claudeMetrics } from './metrics';
import { decodeLogs, decodeMetrics, type Attrs, type LogRecordIn } from './otlp-json';

export interface OtelIngestDeps {
  store: Store;
  bus: Bus;
  liveness: Liveness;
  clock: Clock;
}

/** What a request amounted to: the OTLP answer's partial success is built from it. */
export interface OtelResult {
  accepted: number;
  rejected: number;
  /** Well-formed records Lantern does not read (other events and metrics). */
  ignored: number;
  problems: string[];
}

export interface OtelIngest {
  /** An `ExportLogsServiceRequest` (JSON already parsed); throws `DecodeError` when it is not one. */
  logs(body: unknown, peer: string | undefined): OtelResult;
  metrics(body: unknown, peer: string | undefined): OtelResult;
}

/** The sender's address as a host name for its agents; undefined for this machine (loopback). */
export function peerHost(address: string | undefined): string | undefined {
  if (!address) return undefined;
  const a = address.startsWith('::ffff:') ? address.slice(7) : address;
  if (isIP(a) === 0 || a === '::1' || a.startsWith('127.')) return undefined;
  return a;
}

/** Which agent family a log record is from, and its event name without the family prefix. */
function family(rec: LogRecordIn): { family: 'claude' | 'codex' | null; name: string } {
  const raw = rec.eventName ?? '';
  if (raw.startsWith('claude_code.')) return { family: 'claude', name: raw.slice('claude_code.'.length) };
  if (raw.startsWith('codex.')) return { family: 'codex', name: raw.slice('codex.'.length) };
  const service = text(rec.resource, 'service.name') ?? '';
  if (rec.scope.startsWith('com.anthropic.claude_code') || service.startsWith('claude-code') || 'session.id' in rec.attrs) {
    return { family: 'claude', name: raw };
  }
  if (service.includes('codex') || 'conversation.id' in rec.attrs) return { family: 'codex', name: raw };
  return { family: null, name: raw };
}

export function createOtelIngest(deps: OtelIngestDeps): OtelIngest {
  const { store, bus, liveness, clock } = deps;
  const view: StoreView = {
    hasTranscript: (agentId) => Boolean(store.agentRow(agentId)?.transcript),
    toolCall: (toolUseId) => store.getToolCall(toolUseId),
    seriesPositions: (keys) => store.seriesPositions(keys),
  };

  function originFor(peer: string | undefined): (resource: Attrs) => Origin {
    const fallback = peerHost(peer);
    return (resource) => {
      const named = idAttr(resource, 'host.name');
      const host = named ?? fallback;
      return host === undefined ? {} : { host };
    };
  }

  function commit(b: TelemetryBatch, decoded: { rejected: number; problems: string[]; skipped: number }): OtelResult {
    const agentIds = [...b.output.agents.keys()];
    if (b.output.events.length || b.output.usage.length || b.output.agents.size || b.timings.length || b.series.length) {
      const committed = store.commitTelemetry(b.commit());
      if (committed.events.length) bus.emit('events', committed.events);
      for (const agent of committed.agents) bus.emit('agent', agent);
      liveness.evaluate(agentIds);
    }
    return {
      accepted: b.accepted,
      rejected: b.rejected + decoded.rejected,
      ignored: b.ignored + decoded.skipped,
      problems: [...decoded.problems, ...b.problems].slice(0, 5),
    };
  }

  return {
    logs(body, peer) {
      const decoded = decodeLogs(body);
      const b = new TelemetryBatch(view, clock.now());
      const originOf = originFor(peer);
      for (const rec of decoded.items) {
        const { family: f, name } = family(rec);
        if (f === 'claude') claudeLog(b, rec, name, originOf(rec.resource));
        else if (f === 'codex') codexLog(b, rec, name, originOf(rec.resource));
        else b.ignored++;
      }
      return commit(b, decoded);
    },
    metrics(body, peer) {
      const decoded = decodeMetrics(body);
      const b = new TelemetryBatch(view, clock.now());
      claudeMetrics(b, decoded.items, originFor(peer));
      return commit(b, decoded);
    },
  };
}
