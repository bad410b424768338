/**
 * The `POST /api/event` body (DESIGN.md "Milestones"): `{issue, phase, level, title, pr_url?, session?}`.
 * Shared, so the route and any client validate with the same rules. Every rejection names the field,
 * what was sent and what is accepted, because the usual sender is a shell function whose author only
 * sees the error body.
 */
import { z } from 'zod';
import type { MilestoneLevel, MilestonePhase } from '../events';

export const MILESTONE_PHASES = ['setup', 'repro', 'fix', 'test', 'lint', 'pr', 'blocked', 'done'] as const satisfies readonly MilestonePhase[];
export const MILESTONE_LEVELS = ['info', 'success', 'warning', 'error'] as const satisfies readonly MilestoneLevel[];

/** Longer titles are cut, not refused: a long commit subject should still land. */
export const MILESTONE_TITLE_CAP = 1000;
/** Issue names become part of an agent id (`milestone:<issue>`), so they stay short. */
export const MILESTONE_ISSUE_CAP = 200;
export const MILESTONE_URL_CAP = 2048;
/** The no-issue stream; `""` means the same. */
export const NO_ISSUE = '-';
/** Claude Code session ids are UUIDs; allow any id made of the characters an agent id can safely hold. */
export const SESSION_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** A validated milestone, normalized: `issue` is never empty, `prUrl` absent rather than `""`. */
export interface MilestoneInput {
  issue: string;
  phase: MilestonePhase;
  level: MilestoneLevel;
  title: string;
  prUrl?: string;
  session?: string;
}

export type MilestoneParse =
  | { ok: true; value: MilestoneInput }
  | { ok: false; error: string; detail: string; accepted: unknown };

/** `http(s)://host…` without whitespace. A regex, not `URL`: src/shared sees neither Node nor the DOM. */
const HTTP_URL = /^https?:\/\/[^\s/?#@]+(?:[/?#]\S*)?$/i;
const isHttpUrl = (s: string): boolean => HTTP_URL.test(s);

/** Empty strings mean "not given" for the optional fields: the shell helper always sends `pr_url`. */
const blankToUndefined = (v: unknown): unknown => (typeof v === 'string' && v.trim() === '' ? undefined : v);

const schema = z.object({
  phase: z.string().trim().toLowerCase().pipe(z.enum(MILESTONE_PHASES)),
  level: z.string().trim().toLowerCase().pipe(z.enum(MILESTONE_LEVELS)),
  title: z.string().trim().min(1),
  // A number is a fine issue name (`"issue": 42`); anything else is a mistake worth saying.
  issue: z
    .union([z.string(), z.number().int().nonnegative()])
    .transform((v) => String(v).trim())
    .pipe(z.string().max(MILESTONE_ISSUE_CAP))
    .optional(),
  pr_url: z.preprocess(blankToUndefined, z.string().trim().max(MILESTONE_URL_CAP).refine(isHttpUrl).optional()),
  session: z.preprocess(blankToUndefined, z.string().trim().regex(SESSION_ID_PATTERN).optional()),
});

type Field = keyof z.input<typeof schema>;
const FIELD_ORDER: readonly Field[] = ['phase', 'level', 'title', 'issue', 'pr_url', 'session'];

/** The accepted shape, for errors about the body as a whole. */
export const MILESTONE_SHAPE = {
  issue: `string (an issue name, or "${NO_ISSUE}" / "" for none)`,
  phase: [...MILESTONE_PHASES],
  level: [...MILESTONE_LEVELS],
  title: `non-empty string (cut at ${MILESTONE_TITLE_CAP} characters)`,
  pr_url: 'optional: "" or an http(s) URL',
  session: 'optional: a Claude Code session id, to attach the milestone to that session',
};

const ACCEPTED: Record<Field, unknown> = {
  phase: MILESTONE_SHAPE.phase,
  level: MILESTONE_SHAPE.level,
  title: MILESTONE_SHAPE.title,
  issue: `string or whole number, at most ${MILESTONE_ISSUE_CAP} characters; "${NO_ISSUE}" or "" for no issue`,
  pr_url: MILESTONE_SHAPE.pr_url,
  session: `optional: letters, digits, ".", "_" and "-", at most 128 characters (${SESSION_ID_PATTERN.source})`,
};

/** What was sent, short enough to quote back in an error. */
function shown(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 60 ? `${v.slice(0, 60)}…` : v);
  const kind = Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v;
  let text: string;
  try {
    text = JSON.stringify(v) ?? String(v);
  } catch {
    text = '(too deeply nested to show)'; // JSON.stringify recurses: a 5000-deep array overflows the stack
  }
  return `${kind} ${text.length > 60 ? `${text.slice(0, 60)}…` : text}`;
}

function problem(field: Field, got: unknown): string {
  if (got === undefined && (field === 'phase' || field === 'level' || field === 'title')) return `${field} is required`;
  if (field === 'title') return `title must be a non-empty string, got ${shown(got)}`;
  if (field === 'phase') return `phase ${shown(got)} is not one of ${MILESTONE_PHASES.join(', ')}`;
  if (field === 'level') return `level ${shown(got)} is not one of ${MILESTONE_LEVELS.join(', ')}`;
  return `${field} ${shown(got)} is not accepted`;
}

export function parseMilestone(body: unknown): MilestoneParse {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, error: 'invalid milestone', detail: `the body must be a JSON object, got ${shown(body)}`, accepted: MILESTONE_SHAPE };
  }
  const r = schema.safeParse(body);
  if (!r.success) {
    const bad = new Set(r.error.issues.map((i) => i.path[0]));
    const fields = FIELD_ORDER.filter((f) => bad.has(f));
    const raw = body as Record<string, unknown>;
    const own = (f: Field) => (Object.hasOwn(raw, f) ? raw[f] : undefined);
    return {
      ok: false,
      error: 'invalid milestone',
      detail: fields.map((f) => problem(f, own(f))).join('; ') || r.error.message,
      accepted: fields.length ? ACCEPTED[fields[0]] : MILESTONE_SHAPE,
    };
  }
  const v = r.data;
  const issue = v.issue === undefined || v.issue === '' ? NO_ISSUE : v.issue;
  return {
    ok: true,
    value: {
      issue,
      phase: v.phase,
      level: v.level,
      title: v.title.length > MILESTONE_TITLE_CAP ? v.title.slice(0, MILESTONE_TITLE_CAP) : v.title,
      ...(v.pr_url !== undefined ? { prUrl: v.pr_url } : {}),
      ...(v.session !== undefined ? { session: v.session } : {}),
    },
  };
}
