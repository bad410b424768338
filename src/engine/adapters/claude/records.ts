/**
 * Every record type that is not a conversation message: `system`, `progress`, `attachment`, the session
 * metadata records (titles, modes, snapshots, …) and types this code has never seen. Each becomes one
 * `system` event with a small, capped summary in `data` (FORMATS.md §1.4).
 */
import type { LineContext } from './context';
import { cap, isRec, str, summarizeRec, TEXT_CAP, type Rec } from './values';

/** Envelope fields repeated on every record: not worth copying into each event's data. */
const ENVELOPE = new Set([
  'type',
  'subtype',
  'parentUuid',
  'isSidechain',
  'userType',
  'cwd',
  'sessionId',
  'version',
  'gitBranch',
  'uuid',
  'timestamp',
  'entrypoint',
  'slug',
  'agentId',
  'content',
]);

export function handleSystem(ctx: LineContext, rec: Rec): void {
  const subtype = str(rec.subtype) || 'unknown';
  const content = str(rec.content);
  const ev: { subtype: string; text?: string; data?: Record<string, unknown> } = { subtype, data: summarizeRec(rec, ENVELOPE) };
  if (content !== undefined) ev.text = cap(content, TEXT_CAP);
  ctx.emit('system', ev);
  if (subtype === 'turn_duration') ctx.setMarker('turn_end');
  else if (subtype === 'api_error') ctx.setMarker('api_error');
  else if (subtype === 'local_command' && content !== undefined) {
    // 2.1.x echoes slash commands here; their stdout means the command is done and no model call follows.
    if (content.startsWith('<local-command-stdout>') || content.startsWith('<local-command-stderr>')) ctx.setMarker('turn_end');
  }
}

/**
 * `progress`. `agent_progress` mirrors every message of a sub-agent whose own file carries them too
 * (FORMATS.md §0.3): no event, no usage, only the parent link.
 */
export function handleProgress(ctx: LineContext, rec: Rec): void {
  const data = rec.data;
  const type = isRec(data) ? str(data.type) : undefined;
  if (type === 'agent_progress' && isRec(data)) {
    const child = str(data.agentId);
    if (child) ctx.linkChild(child, str(rec.sessionId));
    return;
  }
  const summary: Record<string, unknown> = isRec(data) ? summarizeRec(data, TYPE_ONLY) : {};
  if (typeof rec.toolUseID === 'string') summary.toolUseId = rec.toolUseID;
  if (typeof rec.parentToolUseID === 'string') summary.parentToolUseId = rec.parentToolUseID;
  ctx.emit('system', { subtype: `progress:${type || 'unknown'}`, data: summary });
}

const TYPE_ONLY = new Set(['type']);

export function handleAttachment(ctx: LineContext, rec: Rec): void {
  const a = rec.attachment;
  const type = isRec(a) ? str(a.type) : undefined;
  ctx.emit('system', { subtype: `attachment:${type || 'unknown'}`, data: isRec(a) ? summarizeRec(a, TYPE_ONLY) : {} });
}

/** Metadata record types: which field is the text, and the title priority it carries. */
const METADATA: Record<string, { text?: string; title?: number }> = {
  'custom-title': { text: 'customTitle', title: 3 },
  'agent-name': { text: 'agentName', title: 3 },
  'ai-title': { text: 'aiTitle', title: 2 },
  // Old versions prepend summaries of *other* sessions' leaves too; there is no telling from one file.
  summary: { text: 'summary', title: 1 },
  'last-prompt': { text: 'lastPrompt' },
  'permission-mode': {},
  'pr-link': { text: 'prUrl' },
  'queue-operation': { text: 'content' },
  'teleported-from': {},
};

/** Handle a metadata record; false when `type` is not one. */
export function handleMetadata(ctx: LineContext, rec: Rec, type: string): boolean {
  if (type === 'file-history-snapshot') {
    // One per prompt, listing every tracked file: keep only the count.
    const snap = rec.snapshot;
    const tracked = isRec(snap) && isRec(snap.trackedFileBackups) ? Object.keys(snap.trackedFileBackups).length : 0;
    const data: Record<string, unknown> = { trackedFiles: tracked };
    if (typeof rec.messageId === 'string') data.messageId = rec.messageId;
    if (rec.isSnapshotUpdate === true) data.isSnapshotUpdate = true;
    ctx.emit('system', { subtype: type, data });
    return true;
  }
  const spec = METADATA[type];
  if (!spec) return false;
  const ev: { subtype: string; text?: string; data?: Record<string, unknown> } = { subtype: type, data: summarizeRec(rec, ENVELOPE) };
  const text = spec.text ? str(rec[spec.text]) : undefined;
  if (text !== undefined) ev.text = cap(text, TEXT_CAP);
  ctx.emit('system', ev);
  if (spec.title !== undefined && text) {
    const line = text.trim();
    if (line) ctx.setTitle(line.length > 200 ? line.slice(0, 200) : line, spec.title);
  }
  return true;
}

/** A record type this adapter does not know: kept, as `unknown:<type>`, with a capped copy of its fields. */
export function handleUnknown(ctx: LineContext, rec: Rec, type: string): void {
  ctx.emit('system', { subtype: `unknown:${type}`, data: summarizeRec(rec, ENVELOPE) });
}
