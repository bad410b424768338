/**
 * One whole session: the main transcript with its prompts, tool loops, turn markers and metadata
 * records, plus the sub-agent transcripts it spawned (each mirrored into the parent as
 * `progress/agent_progress` in the 2.1.3x family).
 */
import {
  assistantMessage,
  pushLine,
  record,
  syntheticError,
  textBlock,
  thinkingBlock,
  tick,
  type Conversation,
  type Rec,
  type Style,
  type Written,
} from './conversation';
import type { Rng } from './prng';
import type { TextPool } from './text-pool';
import { TOOLS, toolResult, toolUseBlock } from './tool-results';
import { zeroTotals, type CacheMode, type UsageTotals, type WireUsage } from './usage-model';

const VERSIONS: Record<Style, readonly string[]> = { '2.0': ['2.0.14', '2.0.31'], '2.1.3x': ['2.1.37', '2.1.52'], '2.1.9x': ['2.1.97', '2.1.104'] };
const MAIN_MODELS = ['claude-opus-4-6', 'claude-sonnet-4-5-20250929', 'claude-sonnet-4-6'];
const AGENT_MODELS = ['claude-haiku-4-5-20251001', 'claude-sonnet-4-6'];
const MAX_STEPS = 400;

export interface SessionPlan {
  sessionId: string;
  cwd: string;
  startMs: number;
  /** Characters to aim for in the main transcript (sub-agents come on top). */
  target: number;
  subagents: number;
}

export interface GeneratedSession {
  main: string[];
  subagents: Array<{ agentId: string; lines: string[]; meta: Rec | null }>;
  totals: UsageTotals;
  endMs: number;
}

function pickStyle(rng: Rng): Style {
  const r = rng.next();
  return r < 0.15 ? '2.0' : r < 0.6 ? '2.1.3x' : '2.1.9x';
}

function pickCacheMode(rng: Rng): CacheMode {
  const r = rng.next();
  return r < 0.6 ? '1h' : r < 0.85 ? '5m' : 'mixed';
}

function promptText(c: Conversation): string {
  const { rng, pool } = c;
  if (rng.chance(0.03)) return pool.text(rng, rng.logUniform(5000, 40_000)); // a pasted log
  return rng.chance(0.6) ? pool.sentence(rng) : pool.text(rng, rng.logUniform(20, 2000));
}

function attachment(c: Conversation): void {
  const { rng, pool } = c;
  const kinds: Array<() => Rec> = [
    () => ({ type: 'skill_listing', content: pool.text(rng, rng.int(300, 3000)), skillCount: rng.int(1, 12), isInitial: true }),
    () => ({ type: 'hook_success', hookName: 'SessionStart:startup', hookEvent: 'SessionStart', stdout: pool.text(rng, rng.int(0, 800)), stderr: '', exitCode: 0, command: '~/.claude/hooks/start.sh', durationMs: rng.int(5, 900) }),
    () => ({ type: 'todo_reminder', content: [], itemCount: 0 }),
    () => ({ type: 'edited_text_file', filename: `${c.cwd}/${pool.path(rng)}`, snippet: pool.text(rng, rng.int(100, 2000)) }),
  ];
  record(c, 'attachment', { attachment: rng.pick(kinds)() });
}

function hookProgress(c: Conversation): void {
  const id = `toolu_01${c.rng.base62(22)}`;
  record(c, 'progress', { data: { type: 'hook_progress', hookEvent: 'PreToolUse', hookName: 'PreToolUse:Bash', command: 'node ~/.claude/hooks/guard.js' } }, { parentToolUseID: id, toolUseID: id });
}

function newConversation(rng: Rng, pool: TextPool, base: Pick<Conversation, 'style' | 'version' | 'sessionId' | 'cwd' | 'gitBranch' | 'clock' | 'totals'>, extra: Partial<Conversation>): Conversation {
  return {
    rng,
    pool,
    ...base,
    model: rng.pick(MAIN_MODELS),
    agentId: null,
    parentUuid: null,
    meter: { context: 0, pendingBytes: rng.int(20_000, 60_000), cacheMode: pickCacheMode(rng) },
    lines: [],
    chars: 0,
    target: 10_000,
    mirror: null,
    lastUsage: null,
    messages: 0,
    toolCalls: 0,
    ...extra,
  };
}

interface SessionState {
  c: Conversation;
  subagentsLeft: number;
  out: GeneratedSession;
}

/** A sub-agent's own transcript; returns its final text and last usage for the parent's tool result. */
function runSubagent(s: SessionState, tool: Rec, toolRecord: Written, parentMessageId: string): { agentId: string; text: string; usage: WireUsage | null; tools: number } {
  const p = s.c;
  const { rng } = p;
  const agentId = p.style === '2.1.9x' ? rng.hex(17) : rng.hex(7);
  const prompt = String((tool.input as Rec).prompt);
  let progressParent: string | null = toolRecord.uuid;
  const mirror =
    p.style === '2.1.3x'
      ? (message: Rec): void => {
          p.parentUuid = progressParent;
          const w = record(p, 'progress', { data: { message, normalizedMessages: [], type: 'agent_progress', prompt, agentId } }, { toolUseID: `agent_${parentMessageId}`, parentToolUseID: tool.id });
          progressParent = w.uuid;
        }
      : null;
  const child = newConversation(rng, p.pool, p, {
    agentId,
    model: rng.pick(AGENT_MODELS),
    target: rng.logUniform(3000, Math.max(4000, Math.min(p.target, 600_000))),
    mirror,
  });
  const first = record(child, 'user', { message: { role: 'user', content: prompt } });
  mirror?.({ type: 'user', message: { role: 'user', content: [{ type: 'text', text: prompt }] }, uuid: first.uuid, timestamp: first.timestamp });
  for (let i = 0; i < MAX_STEPS && child.chars < child.target; i++) toolStep(child, null);
  const text = p.pool.text(rng, rng.logUniform(100, 4000));
  assistantMessage(child, [textBlock(child, text)], 'end_turn');
  s.out.subagents.push({
    agentId,
    lines: child.lines,
    meta: p.style === '2.1.9x' ? { agentType: String((tool.input as Rec).subagent_type), description: String((tool.input as Rec).description) } : null,
  });
  return { agentId, text, usage: child.lastUsage, tools: child.toolCalls };
}

/** One assistant response with tool calls, then their results. With `s` set, the call may be a sub-agent. */
function toolStep(c: Conversation, s: SessionState | null, forceTask = false): void {
  const { rng, pool } = c;
  const task = s !== null && s.subagentsLeft > 0 && (forceTask || rng.chance(0.4));
  const blocks: Rec[] = [];
  if (rng.chance(c.style === '2.0' ? 0.2 : 0.5)) blocks.push(thinkingBlock(c));
  if (rng.chance(0.5)) blocks.push(textBlock(c, pool.text(rng, rng.logUniform(20, 800))));
  const tools: Rec[] = [];
  if (task) {
    tools.push(
      toolUseBlock(c, c.style === '2.1.9x' ? 'Agent' : 'Task', {
        description: pool.sentence(rng).slice(0, 60),
        prompt: pool.text(rng, rng.logUniform(100, 3000)),
        subagent_type: rng.pick(['general-purpose', 'Explore', 'claude-code-guide']),
      }),
    );
  } else {
    const n = rng.chance(0.15) ? rng.int(2, 3) : 1;
    for (let i = 0; i < n; i++) tools.push(toolUseBlock(c, rng.pick(TOOLS)));
  }
  blocks.push(...tools);
  const { messageId, records: written } = assistantMessage(c, blocks, 'tool_use');
  tools.forEach((tool, i) => {
    const toolRecord = written[written.length - tools.length + i];
    if (!task || !s) {
      toolResult(c, tool, toolRecord);
      return;
    }
    s.subagentsLeft--;
    const started = c.clock.t;
    const sub = runSubagent(s, tool, toolRecord, messageId);
    c.parentUuid = toolRecord.uuid;
    tick(c, 100, 2000);
    const usageText = `agentId: ${sub.agentId} (for resuming to continue this agent's work if needed)\n<usage>total_tokens: ${rng.int(5000, 90_000)}\ntool_uses: ${sub.tools}\nduration_ms: ${c.clock.t - started}</usage>`;
    const w = record(
      c,
      'user',
      { message: { role: 'user', content: [{ tool_use_id: tool.id, type: 'tool_result', content: [textBlock(c, sub.text), textBlock(c, usageText)] }] } },
      {
        toolUseResult: {
          status: 'completed',
          prompt: (tool.input as Rec).prompt,
          agentId: sub.agentId,
          content: [textBlock(c, sub.text)],
          totalDurationMs: c.clock.t - started,
          totalTokens: rng.int(5000, 90_000),
          totalToolUseCount: sub.tools,
          usage: sub.usage,
        },
        sourceToolAssistantUUID: toolRecord.uuid,
      },
    );
    c.parentUuid = w.uuid;
  });
}

/** A prompt, a tool loop of long-tailed length, a final answer and the turn marker. */
function turn(s: SessionState, forceTask: boolean): void {
  const { c } = s;
  const { rng } = c;
  const promptUuid = rng.uuid();
  const ts = tick(c, 5000, 600_000);
  pushLine(c, { type: 'file-history-snapshot', messageId: promptUuid, snapshot: { messageId: promptUuid, trackedFileBackups: {}, timestamp: ts }, isSnapshotUpdate: false });
  if (c.style === '2.1.9x' && rng.chance(0.05)) pushLine(c, { type: 'queue-operation', operation: 'enqueue', timestamp: ts, sessionId: c.sessionId, content: c.pool.sentence(rng) });
  const started = c.clock.t;
  const text = promptText(c);
  if (c.style === '2.1.9x') record(c, 'user', { message: { role: 'user', content: text } }, { permissionMode: 'default' }, promptUuid);
  else record(c, 'user', { message: { role: 'user', content: text } }, { thinkingMetadata: { maxThinkingTokens: 31999 }, todos: [], permissionMode: 'default' }, promptUuid);
  if (c.style === '2.1.9x' && rng.chance(0.35)) attachment(c);
  if (c.style === '2.1.3x' && rng.chance(0.2)) hookProgress(c);
  const steps = Math.max(forceTask ? 1 : 0, rng.logUniform(1, 30) - 1);
  for (let i = 0; i < steps && i < MAX_STEPS; i++) {
    if (c.chars >= c.target && !(forceTask && i === 0)) break;
    toolStep(c, s, forceTask && i === 0);
  }
  if (rng.chance(0.005)) syntheticError(c);
  const blocks = rng.chance(0.4) ? [thinkingBlock(c), textBlock(c)] : [textBlock(c)];
  assistantMessage(c, blocks, 'end_turn');
  if (c.style !== '2.0') {
    tick(c, 50, 300);
    record(c, 'system', { subtype: 'turn_duration', durationMs: c.clock.t - started }, { isMeta: false });
  }
}

export function generateSession(rng: Rng, pool: TextPool, plan: SessionPlan): GeneratedSession {
  const style = pickStyle(rng);
  const out: GeneratedSession = { main: [], subagents: [], totals: zeroTotals(), endMs: plan.startMs };
  const c = newConversation(
    rng,
    pool,
    { style, version: rng.pick(VERSIONS[style]), sessionId: plan.sessionId, cwd: plan.cwd, gitBranch: rng.pick(['main', 'main', 'HEAD', '', 'feature/x']), clock: { t: plan.startMs }, totals: out.totals },
    { target: plan.target },
  );
  out.main = c.lines;
  // 2.0.x wrote sub-agents beside the sessions; only the 2.1.x layout (`<session>/subagents/`) is generated.
  const s: SessionState = { c, subagentsLeft: style === '2.0' ? 0 : plan.subagents, out };
  if (style === '2.0' && rng.chance(0.5)) pushLine(c, { type: 'summary', summary: c.pool.sentence(rng), leafUuid: rng.uuid() });
  if (style === '2.1.9x') pushLine(c, { type: 'permission-mode', permissionMode: 'default', sessionId: plan.sessionId });
  for (let i = 0; i < MAX_STEPS && c.chars < c.target; i++) turn(s, false);
  while (s.subagentsLeft > 0) turn(s, true);
  if (style === '2.1.9x') {
    pushLine(c, { type: 'last-prompt', lastPrompt: c.pool.sentence(rng), sessionId: plan.sessionId });
    pushLine(c, { type: 'permission-mode', permissionMode: 'default', sessionId: plan.sessionId });
  }
  out.endMs = c.clock.t;
  return out;
}
