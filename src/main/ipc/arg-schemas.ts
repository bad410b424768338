/**
 * The arguments of every IPC call, checked in main before the engine sees them (STYLE.md practice
 * 6; Electron security checklist item 17). The bounds are the ones the HTTP routes enforce, from
 * the same modules, so a value the HTTP API refuses is refused here too, with a message that names
 * the argument. Pure: no electron, testable under Node.
 */
import { z } from 'zod';
import type { ApiMethod } from '../../shared/bridge';
import { settingsPatchSchema } from '../../shared/settings';
import { JOB_LOG_LINES, RECENT_LIMIT, SEARCH_LIMIT, SEARCH_TEXT } from '../../engine/event-limits';
import { MAX_PAGE_LIMIT } from '../../engine/ingest/event-query';
import { parsePauseBody, PauseError } from '../../engine/notify';
import { parseWindow, WindowError } from '../../engine/stats/window';

/** Agent ids are `<source>:<key>`; far shorter than this in practice. */
export const MAX_AGENT_ID = 512;
const MAX_PATH = 4096;

const agentId = z.string().min(1).max(MAX_AGENT_ID);
const cursor = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

const eventPageQuery = z
  .strictObject({
    after: cursor.optional(),
    before: cursor.optional(),
    offset: cursor.optional(),
    limit: z.number().int().min(1).max(MAX_PAGE_LIMIT).optional(),
  })
  .refine((q) => [q.after, q.before, q.offset].filter((v) => v !== undefined).length <= 1, {
    message: 'use one of after, before or offset, not several',
  });

const statsWindow = z.string().superRefine((text, ctx) => {
  try {
    parseWindow(text, 0);
  } catch (err) {
    if (!(err instanceof WindowError)) throw err;
    ctx.addIssue({ code: 'custom', message: err.message });
  }
});

const statsQuery = z.strictObject({
  window: statsWindow.optional(),
  agentId: agentId.optional(),
  project: z.string().min(1).max(MAX_PATH).optional(),
});

const recentEventsQuery = z.strictObject({
  limit: z.number().int().min(RECENT_LIMIT.min).max(RECENT_LIMIT.max).optional(),
});

const searchQuery = z.strictObject({
  q: z
    .string()
    .max(SEARCH_TEXT.max * 4)
    .refine((q) => q.trim().length >= SEARCH_TEXT.min && q.trim().length <= SEARCH_TEXT.max, {
      message: `must be ${SEARCH_TEXT.min}-${SEARCH_TEXT.max} characters after trimming`,
    }),
  agentId: agentId.optional(),
  limit: z.number().int().min(SEARCH_LIMIT.min).max(SEARCH_LIMIT.max).optional(),
});

/** `cron:<hash>`, `systemd:<unit>`, `launchd:<label>`. */
const jobId = z.string().min(1).max(MAX_AGENT_ID);
const jobLogQuery = z.strictObject({
  lines: z.number().int().min(JOB_LOG_LINES.min).max(JOB_LOG_LINES.max).optional(),
});

/** The HTTP route's own shape check (the engine then refuses a time in the past or > 7 days ahead). */
const pauseRequest = z.unknown().transform((raw, ctx) => {
  try {
    return parsePauseBody(raw);
  } catch (err) {
    if (!(err instanceof PauseError)) throw err;
    ctx.addIssue({ code: 'custom', message: err.detail });
    return z.NEVER;
  }
});

interface MethodArgs {
  /** Argument names, for messages ("query.limit"). */
  names: string[];
  schema: z.ZodType<unknown[]>;
}
const none: MethodArgs = { names: [], schema: z.tuple([]) };
const args = (names: string[], items: [z.ZodType, ...z.ZodType[]]): MethodArgs => ({ names, schema: z.tuple(items) });

export const ARG_SCHEMAS: Record<ApiMethod, MethodArgs> = {
  health: none,
  listAgents: none,
  getAgent: args(['id'], [agentId]),
  getEvents: args(['agentId', 'query'], [agentId, eventPageQuery]),
  listActiveSessions: none,
  liveStats: args(['query'], [statsQuery]),
  recentEvents: args(['query'], [recentEventsQuery]),
  searchEvents: args(['query'], [searchQuery]),
  getSettings: none,
  updateSettings: args(['patch'], [settingsPatchSchema]),
  notifyState: none,
  pauseNotifications: args(['request'], [pauseRequest]),
  testChannel: args(['id'], [z.string().min(1).max(64)]),
  listJobs: none,
  getJobLog: args(['id', 'query'], [jobId, jobLogQuery]),
};

export class IpcArgumentError extends Error {
  constructor(method: string, detail: string) {
    super(`${method}: ${detail}`);
    this.name = 'IpcArgumentError';
  }
}

/** A non-negative safe integer event id (the `ready` cursor), else null. */
export function parseAfterId(value: unknown): number | null {
  const r = cursor.safeParse(value);
  return r.success ? r.data : null;
}

/**
 * The checked arguments of `method`, or an `IpcArgumentError` naming the first bad one
 * ("getEvents: query.limit: Too big: expected number to be <=1000"). Trailing `undefined`s are
 * dropped first: `bridge.health()` and `bridge.health(undefined)` are the same call.
 */
export function parseArgs(method: ApiMethod, raw: unknown[]): unknown[] {
  const spec = ARG_SCHEMAS[method];
  const given = [...raw];
  while (given.length > 0 && given[given.length - 1] === undefined) given.pop();
  if (given.length > spec.names.length) {
    throw new IpcArgumentError(method, `takes ${spec.names.length === 0 ? 'no arguments' : `${spec.names.length} argument(s) (${spec.names.join(', ')})`}, got ${given.length}`);
  }
  // Every argument of every method is required.
  if (given.length < spec.names.length) throw new IpcArgumentError(method, `${spec.names[given.length]}: missing`);
  const result = spec.schema.safeParse(given);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const [index, ...rest] = issue.path;
  const name = typeof index === 'number' ? (spec.names[index] ?? `argument ${index}`) : 'arguments';
  throw new IpcArgumentError(method, `${[name, ...rest.map(String)].join('.')}: ${issue.message}`);
}
