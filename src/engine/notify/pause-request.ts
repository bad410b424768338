/**
 * `pauseNotifications({until})` input rules, for the HTTP route and the IPC call alike: `until` is
 * an ISO-8601 instant with an explicit zone (a zoneless time would mean the server's zone, which a
 * browser on another machine cannot know), in the future, at most 7 days ahead; or null to resume.
 */
import type { PauseRequest } from '../../shared/notify';

export const MAX_PAUSE_MS = 7 * 24 * 3600 * 1000;

export const PAUSE_ACCEPTED = {
  until: 'an ISO-8601 instant with a zone ("2026-05-01T09:00:00Z", "2026-05-01T09:00:00+02:00"), in the future and at most 7 days ahead; or null to resume now',
} as const;

/** A pause request the rules refuse; `detail` says why. */
export class PauseError extends Error {
  readonly accepted = PAUSE_ACCEPTED;
  constructor(readonly detail: string) {
    super(detail);
    this.name = 'PauseError';
  }
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/i;

/** The body's shape: exactly `{until: string | null}`. */
export function parsePauseBody(raw: unknown): PauseRequest {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new PauseError('the body must be a JSON object {"until": …}');
  const unknown = Object.keys(raw).filter((k) => k !== 'until');
  if (unknown.length) throw new PauseError(`unknown field "${unknown[0]}"`);
  if (!Object.hasOwn(raw, 'until')) throw new PauseError('until is required (null to resume)');
  const until = (raw as { until: unknown }).until;
  if (until !== null && typeof until !== 'string') throw new PauseError(`until must be a string or null, not ${Array.isArray(until) ? 'an array' : typeof until}`);
  return { until };
}

/** The pause's end in ms, or null to resume; throws `PauseError` for a time the rules refuse. */
export function pauseEndOf(request: PauseRequest, now: number): number | null {
  const until = request?.until;
  if (until === null) return null;
  if (typeof until !== 'string') throw new PauseError('until must be a string or null');
  const text = until.trim();
  const ms = ISO_INSTANT.test(text) ? Date.parse(text) : NaN;
  if (!Number.isFinite(ms)) throw new PauseError(`until ${JSON.stringify(until.slice(0, 64))} is not an ISO-8601 instant with a zone`);
  if (ms <= now) throw new PauseError(`until ${new Date(ms).toISOString()} is not in the future`);
  if (ms - now > MAX_PAUSE_MS) throw new PauseError(`until ${new Date(ms).toISOString()} is more than 7 days ahead`);
  return ms;
}
