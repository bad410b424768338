/**
 * Settings patches: checked with the shared schema (one schema for HTTP, IPC and the file), refused
 * with a message that names the bad field, and merged into whole settings. Pure: no files here.
 */
import { z } from 'zod';
import { settingsPatchSchema, type Settings, type SettingsPatch } from '../../shared/settings';

/** What each setting accepts, for error bodies (DESIGN.md: say what is wrong and what is accepted). */
export const SETTINGS_ACCEPTED = {
  runningWindowSec: 'integer 5-86400: an agent whose transcript was written this many seconds ago or less is running (applies at once)',
  claudeDirs: 'array of at most 64 directory paths: Claude Code config dirs to read besides the discovered ones (applies on restart)',
  notifications:
    '{kinds?: {blocked?, pr?, done?, error?: boolean}, throttleSec?: integer 0-3600, publicUrl?: http(s) URL or null, channels?: the whole list of at most 16 channels, each {id, name, enabled, kinds, type: webhook|ntfy (url, headers) | slack|discord (url) | email (host, port, security: tls|starttls|none, user, password, from, to[])}; a secret sent back as the placeholder the view shows keeps the saved one}',
  port: 'integer 0-65535: the HTTP port (applies on restart)',
  jobs: '{patterns?: array of at most 64 strings (text or /regex/flags) that make a scheduled job an agent job, skipExitCode?: integer 1-255 or null}',
} as const;

/** A patch the schema refuses. `field` is a dotted path (`notifications.kinds.pr`). */
export class SettingsError extends Error {
  readonly accepted = SETTINGS_ACCEPTED;
  constructor(
    readonly field: string,
    readonly detail: string,
  ) {
    super(detail);
    this.name = 'SettingsError';
  }
}

/** The patch as the schema returns it; throws `SettingsError` naming the first bad field. */
export function parseSettingsPatch(raw: unknown): SettingsPatch {
  const r = settingsPatchSchema.safeParse(raw);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  if (issue.code === 'unrecognized_keys') {
    const field = [...issue.path, issue.keys[0]].join('.');
    throw new SettingsError(field, `unknown setting "${field}"`);
  }
  if (issue.path.length === 0) throw new SettingsError('(body)', `the settings must be a JSON object: ${issue.message}`);
  const field = issue.path.join('.');
  throw new SettingsError(field, `${field}: ${issue.message}`);
}

export function applySettingsPatch(base: Settings, patch: SettingsPatch): Settings {
  return {
    runningWindowSec: patch.runningWindowSec ?? base.runningWindowSec,
    claudeDirs: patch.claudeDirs ?? base.claudeDirs,
    notifications: {
      kinds: { ...base.notifications.kinds, ...patch.notifications?.kinds },
      throttleSec: patch.notifications?.throttleSec ?? base.notifications.throttleSec,
      channels: patch.notifications?.channels ?? base.notifications.channels,
      publicUrl: patch.notifications?.publicUrl !== undefined ? patch.notifications.publicUrl : base.notifications.publicUrl,
    },
    port: patch.port ?? base.port,
    jobs: {
      patterns: patch.jobs?.patterns ?? base.jobs.patterns,
      skipExitCode: patch.jobs?.skipExitCode !== undefined ? patch.jobs.skipExitCode : base.jobs.skipExitCode,
    },
  };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The valid parts of a value that fails as a whole (a hand-edited settings file): each key is
 * checked alone, objects key by key, so one bad entry costs that entry, not the whole file.
 */
export function salvageSettingsPatch(raw: unknown): { patch: SettingsPatch; problems: string[] } {
  const problems: string[] = [];
  const walk = (schema: z.ZodType, value: unknown, at: string[]): unknown => {
    const r = schema.safeParse(value);
    if (r.success) return r.data;
    const inner = schema instanceof z.ZodOptional ? (schema.unwrap() as z.ZodType) : schema;
    if (inner instanceof z.ZodObject && isRecord(value)) {
      const out: Record<string, unknown> = {};
      for (const [key, v] of Object.entries(value)) {
        const sub = inner.shape[key] as z.ZodType | undefined;
        if (!sub) {
          problems.push(`unknown setting "${[...at, key].join('.')}"`);
          continue;
        }
        const kept = walk(sub, v, [...at, key]);
        if (kept !== undefined) out[key] = kept;
      }
      return out;
    }
    problems.push(`${at.length ? at.join('.') : 'the file'}: ${r.error.issues[0].message}`);
    return undefined;
  };
  return { patch: (walk(settingsPatchSchema, raw, []) ?? {}) as SettingsPatch, problems };
}
