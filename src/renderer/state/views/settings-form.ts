/**
 * The Settings form, pure: the draft (what the inputs hold, as typed) made from the settings in
 * effect, and the patch of only what changed. Ranges are the engine's to check (its refusal names
 * the field, and the form shows it); here only "is this a whole number" is decided. The alert
 * channels' drafts and their secrets are channel-drafts.ts's; the list is sent whole, and only
 * when it changed.
 */
import type { NotifyKind, Settings, SettingsPatch } from '../../../shared/settings';
import { channelDraftFrom, channelsFrom, sameJson, type ChannelDraft } from './channel-drafts';

/** The same four as NOTIFY_KINDS in shared/settings.ts (not imported: that module brings zod with it). */
export const NOTIFY_KIND_LIST: readonly NotifyKind[] = ['blocked', 'pr', 'done', 'error'];

export const NOTIFY_LABEL: Record<NotifyKind, string> = {
  blocked: 'An agent is blocked (needs permission or input)',
  pr: 'A PR is opened',
  done: 'An agent or issue is done',
  error: 'An agent failed or reported an error',
};

export interface SettingsDraft {
  runningWindowSec: string;
  /** One path per line. */
  claudeDirs: string;
  kinds: Record<NotifyKind, boolean>;
  throttleSec: string;
  port: string;
  /** Job patterns, one per line. */
  jobPatterns: string;
  /** The "nothing to do" exit code; empty: none. */
  skipExitCode: string;
  /** The off-machine alert channels, in the order the settings list them. */
  channels: ChannelDraft[];
  /** The dashboard's address for links in alerts; empty: this server's own URL. */
  publicUrl: string;
}

export function draftFrom(s: Settings): SettingsDraft {
  return {
    runningWindowSec: String(s.runningWindowSec),
    claudeDirs: s.claudeDirs.join('\n'),
    kinds: { ...s.notifications.kinds },
    throttleSec: String(s.notifications.throttleSec),
    port: String(s.port),
    jobPatterns: s.jobs.patterns.join('\n'),
    skipExitCode: s.jobs.skipExitCode === null ? '' : String(s.jobs.skipExitCode),
    channels: s.notifications.channels.map(channelDraftFrom),
    publicUrl: s.notifications.publicUrl ?? '',
  };
}

/** One entry per line, trimmed; blank lines dropped (Claude dirs, job patterns). */
export const linesFrom = (text: string): string[] =>
  text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0);

type NumberField = 'runningWindowSec' | 'throttleSec' | 'port' | 'skipExitCode';

export interface PatchResult {
  patch: SettingsPatch;
  /** Fields that are not whole numbers (and channel problems), with a message each; the patch is not sent while there are any. */
  errors: Partial<Record<NumberField | 'channels', string>>;
  /** The channel problems by index in `draft.channels` (the first is also `errors.channels`). */
  channelErrors: Record<number, string>;
  changed: boolean;
}

function wholeNumber(text: string): number | null {
  const t = text.trim();
  return /^-?\d+$/.test(t) ? Number(t) : null;
}

const sameList = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

export function patchFrom(draft: SettingsDraft, current: Settings): PatchResult {
  const patch: SettingsPatch = {};
  const errors: PatchResult['errors'] = {};

  const num = (key: NumberField, label: string, text: string, was: number): number | undefined => {
    const n = wholeNumber(text);
    if (n === null) {
      if (text.trim() !== String(was)) errors[key] = `${label} must be a whole number`;
      return undefined;
    }
    return n === was ? undefined : n;
  };

  const rw = num('runningWindowSec', 'Running window', draft.runningWindowSec, current.runningWindowSec);
  if (rw !== undefined) patch.runningWindowSec = rw;

  const dirs = linesFrom(draft.claudeDirs);
  if (!sameList(dirs, current.claudeDirs)) patch.claudeDirs = dirs;

  const kinds: Partial<Record<NotifyKind, boolean>> = {};
  for (const k of NOTIFY_KIND_LIST) if (draft.kinds[k] !== current.notifications.kinds[k]) kinds[k] = draft.kinds[k];
  const throttle = num('throttleSec', 'Throttle', draft.throttleSec, current.notifications.throttleSec);
  const notifications: NonNullable<SettingsPatch['notifications']> = {};
  if (Object.keys(kinds).length > 0) notifications.kinds = kinds;
  if (throttle !== undefined) notifications.throttleSec = throttle;
  const { channels, errors: channelErrors } = channelsFrom(draft.channels);
  const firstChannelError = Object.values(channelErrors)[0];
  if (firstChannelError) errors.channels = firstChannelError;
  else if (!sameJson(channels, current.notifications.channels)) notifications.channels = channels;
  const publicUrl = draft.publicUrl.trim() === '' ? null : draft.publicUrl.trim();
  if (publicUrl !== current.notifications.publicUrl) notifications.publicUrl = publicUrl;
  if (Object.keys(notifications).length > 0) patch.notifications = notifications;

  const port = num('port', 'Port', draft.port, current.port);
  if (port !== undefined) patch.port = port;

  const patterns = linesFrom(draft.jobPatterns);
  const jobs: NonNullable<SettingsPatch['jobs']> = {};
  if (!sameList(patterns, current.jobs.patterns)) jobs.patterns = patterns;
  // Empty means "no skip code"; otherwise a whole number, its range the engine's to check.
  const skipText = draft.skipExitCode.trim();
  const skip = skipText === '' ? null : wholeNumber(skipText);
  if (skipText !== '' && skip === null) errors.skipExitCode = 'Skip exit code must be a whole number, or empty for none';
  else if (skip !== current.jobs.skipExitCode) jobs.skipExitCode = skip;
  if (Object.keys(jobs).length > 0) patch.jobs = jobs;

  return { patch, errors, channelErrors, changed: Object.keys(patch).length > 0 || Object.keys(errors).length > 0 };
}

/** The draft still says what `base` said: nothing typed that a newer settings view would overwrite. */
export function isPristine(draft: SettingsDraft, base: Settings): boolean {
  return !patchFrom(draft, base).changed;
}
