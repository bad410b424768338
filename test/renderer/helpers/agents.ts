/** AgentSummary and event builders for renderer state tests. */
import type { AgentSummary, Health } from '../../../src/shared/agents';
import { agentSummary } from '../../helpers/agent-summary';
import type { LanternEvent } from '../../../src/shared/events';

export function agent(id: string, over: Partial<AgentSummary> = {}): AgentSummary {
  return agentSummary(id, {
    sessionId: id,
    cwd: `/home/dev/${id}`,
    title: `title of ${id}`,
    state: 'idle',
    startedAt: '2026-11-21T10:00:00.000Z',
    lastEventAt: '2026-11-21T10:00:00.000Z',
    models: ['claude-sonnet-4-5-20250929'],
    host: 'devbox',
    ...over,
  });
}

let seq = 0;
export function textEvent(id: number, agentId: string, text = `event ${id}`): LanternEvent {
  return { id, agentId, ts: new Date(Date.UTC(2026, 10, 21, 10, 0, seq++ % 60)).toISOString(), source: 'transcript', kind: 'assistant_text', text };
}

export function statusEvent(id: number, agentId: string, state: 'running' | 'blocked' | 'idle', reason?: string): LanternEvent {
  return { id, agentId, ts: '2026-11-21T10:00:00.000Z', source: 'hook', kind: 'status', state, ...(reason ? { reason } : {}) };
}

export function usageEvent(id: number, agentId: string): LanternEvent {
  return {
    id,
    agentId,
    ts: '2026-11-21T10:00:00.000Z',
    source: 'transcript',
    kind: 'usage',
    messageId: `m${id}`,
    requestId: `r${id}`,
    model: 'claude-sonnet-4-5',
    inputTokens: 1,
    outputTokens: 1,
    cacheCreationTokens: 0,
    cacheReadTokens: 0,
  };
}

export const health = (over: Partial<Health> = {}): Health => ({
  ok: true,
  version: 'test',
  indexing: { done: true, files: 1, filesDone: 1, bytes: 10, bytesDone: 10 },
  watching: true,
  sources: [],
  totals: { agents: 1, events: 1, unparsed: 0, files: 1, fileErrors: 0 },
  fileErrors: [],
  channels: [],
  ...over,
});
