/** An AgentSummary with every field filled in, for tests that need agents without an engine. */
import type { AgentSummary } from '../../src/shared/agents';

export function agentSummary(id: string, over: Partial<AgentSummary> = {}): AgentSummary {
  return {
    id,
    source: 'claude',
    sessionId: null,
    parentId: null,
    cwd: '/tmp/project',
    title: `agent ${id}`,
    state: 'running',
    stateReason: null,
    startedAt: null,
    lastEventAt: null,
    models: [],
    counts: { events: 0, toolCalls: 0, toolErrors: 0, unparsed: 0 },
    usage: {
      inputTokens: 0,
      outputTokens: 0,
      cacheCreationTokens: 0,
      cacheReadTokens: 0,
      costUsd: 0,
      reportedCostUsd: null,
      displayCostUsd: 0,
      costSource: 'estimate',
      unpricedModels: [],
      unpricedTokens: 0,
      placeholderOutput: false,
      reasoningTokens: 0,
    },
    transcript: null,
    host: 'test-host',
    ...over,
  };
}
