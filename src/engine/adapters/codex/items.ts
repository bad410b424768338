/**
 * `response_item` payloads, and the same items written bare in legacy rollouts (≤ Sept 2025): what
 * the model saw and said. Messages, reasoning and tool calls become events; item types this code does
 * not know become `system` `item:<type>` with a capped copy.
 */
import { firstNonBlank, isRec, str, summarizeRec, tagValue, type Rec } from '../claude/values';
import type { CodexContext } from './context';
import { codexToolId, interruptPending, parseArguments, toolCall, toolOutput } from './tools';

/** Item types, enveloped or bare. */
export const ITEM_TYPES: ReadonlySet<string> = new Set([
  'message',
  'reasoning',
  'function_call',
  'function_call_output',
  'custom_tool_call',
  'custom_tool_call_output',
  'local_shell_call',
  'web_search_call',
]);

const INJECTED_TAG = /^<([A-Za-z_][\w -]{0,60})>/;

/**
 * Text Codex writes into the conversation itself: `<environment_context>`, `<user_instructions>`,
 * `<permissions instructions>`, `<user_shell_command>`, `<turn_aborted>`, AGENTS.md contents.
 */
export function isInjected(text: string): boolean {
  const t = text.trim();
  if (t.startsWith('# AGENTS.md instructions')) return true;
  const m = INJECTED_TAG.exec(t);
  return m !== null && t.endsWith(`</${m[1]}>`);
}

function blockTexts(content: unknown): string[] {
  if (typeof content === 'string') return [content];
  if (!Array.isArray(content)) return [];
  const out: string[] = [];
  for (const b of content) {
    if (!isRec(b)) continue;
    const type = str(b.type) ?? '';
    if (typeof b.text === 'string') out.push(b.text);
    else if (typeof b.refusal === 'string') out.push(b.refusal);
    else if (type.includes('image')) out.push('[image]');
    else out.push(`[${type || 'block'}]`);
  }
  return out;
}

function message(ctx: CodexContext, p: Rec): void {
  const role = str(p.role) ?? '';
  const texts = blockTexts(p.content);
  const text = texts.join('\n');
  if (role === 'assistant') {
    const data: { text: string; model?: string; messageId?: string } = { text };
    if (ctx.st.model && !ctx.st.modelFallback) data.model = ctx.st.model;
    if (typeof p.id === 'string') data.messageId = p.id;
    ctx.emit('assistant_text', data);
    // Files with turn events end turns with task_complete; legacy ones only have the final text.
    ctx.setMarker(ctx.st.turnEvents ? 'responding' : 'turn_end');
    return;
  }
  if (role !== 'user') {
    ctx.emit('prompt', { text, isMeta: true }); // developer / system instructions
    return;
  }
  const typed = texts.filter((t) => firstNonBlank(t) >= 0 && !isInjected(t));
  if (typed.length === 0) {
    const cwd = tagValue(text, 'cwd');
    // Legacy rollouts record no cwd of their own: <environment_context> has it.
    if (cwd && ctx.st.cwd === null) ctx.setCwd(cwd);
    ctx.emit('prompt', { text, isMeta: true });
    return;
  }
  // Legacy files have no turn events: a new prompt is the only sign that a call without output was cut short.
  if (!ctx.st.turnEvents) interruptPending(ctx, 'interrupted: no output before the next prompt');
  ctx.emit('prompt', { text });
  ctx.setMarker('prompt');
  ctx.titleFromPrompt(typed[0]);
}

function reasoning(ctx: CodexContext, p: Rec): void {
  const summary = Array.isArray(p.summary) ? blockTexts(p.summary) : [];
  const content = Array.isArray(p.content) ? blockTexts(p.content) : [];
  const text = (summary.length ? summary : content).join('\n\n');
  if (text) ctx.emit('thinking', { text });
  else ctx.emit('thinking', { text: '', redacted: true }); // only `encrypted_content`
  ctx.setMarker('responding');
}

const SKIP_IN_DATA = new Set(['type', 'encrypted_content']);

/** One item; `type` is one of ITEM_TYPES or anything else. */
export function handleItem(ctx: CodexContext, p: Rec, type: string): void {
  switch (type) {
    case 'message':
      message(ctx, p);
      return;
    case 'reasoning':
      reasoning(ctx, p);
      return;
    case 'function_call':
      toolCall(ctx, codexToolId(ctx.threadId, str(p.call_id) ?? ''), str(p.name) ?? '', parseArguments(p.arguments));
      return;
    case 'custom_tool_call':
      toolCall(ctx, codexToolId(ctx.threadId, str(p.call_id) ?? ''), str(p.name) ?? '', typeof p.input === 'string' ? { input: p.input } : (p.input ?? {}));
      return;
    case 'local_shell_call':
      toolCall(ctx, codexToolId(ctx.threadId, str(p.call_id) ?? str(p.id) ?? ''), 'local_shell', p.action ?? {});
      return;
    case 'function_call_output':
    case 'custom_tool_call_output':
      toolOutput(ctx, p);
      return;
    case 'web_search_call': {
      // Run by the API inside the request: no output item follows, so the call is closed at once.
      const id = codexToolId(ctx.threadId, str(p.id) ?? `web_search@${ctx.offset}`);
      toolCall(ctx, id, 'web_search', p.action ?? {});
      ctx.st.pending.delete(id);
      const status = str(p.status) ?? 'completed';
      ctx.emit('tool_result', { toolUseId: id, isError: status === 'failed', text: `[web search ${status}]` });
      ctx.setMarker('responding');
      return;
    }
    default:
      ctx.emit('system', { subtype: `item:${type}`, data: summarizeRec(p, SKIP_IN_DATA) });
  }
}
