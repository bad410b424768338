/**
 * Off-machine alert channels (issue 9): an outgoing webhook (plain JSON, or shaped for ntfy, Slack
 * or Discord) and email over SMTP. One schema for the settings file, the HTTP route, IPC and the
 * Settings view. Secrets (URLs, header values, the SMTP password) are stored in settings.json
 * (mode 0600) and never shown back: views carry `SECRET_KEPT` in their place, and a patch that
 * sends `SECRET_KEPT` back keeps the saved value.
 */
import { z } from 'zod';
import { SECRET_KEPT, type ChannelType } from './channel-names';

export { CHANNEL_TYPES, SECRET_KEPT, type ChannelType } from './channel-names';

const kinds = z.strictObject({ blocked: z.boolean(), pr: z.boolean(), done: z.boolean(), error: z.boolean() });

/** `http(s)://host…` with no whitespace; written without `URL`, which src/shared (no DOM, no Node) cannot see. */
const HTTP_URL = /^https?:\/\/[^\s/?#@]+(?:[/?#]\S*)?$/i;
const isHttpUrl = (s: string) => s === SECRET_KEPT || HTTP_URL.test(s);
const httpUrl = z.string().min(1).max(2048).refine(isHttpUrl, { message: 'must be an http:// or https:// URL' });
/** RFC 7230 token characters; values without line breaks (no header injection). */
const headerName = z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}$/, { message: 'must be a header name (letters, digits, - and the like)' });
const headerValue = z.string().max(4096).regex(/^[^\r\n\0]*$/, { message: 'must be one line' });
const headers = z.record(headerName, headerValue).refine((h) => Object.keys(h).length <= 16, { message: 'at most 16 headers' });
const address = z.string().min(3).max(320).regex(/^[^\s@<>,;]+@[^\s@<>,;]+$/, { message: 'must be an email address (name@host)' });

const base = {
  /** Stable: lowercase letters, digits and dashes. */
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,47}$/, { message: 'must be 1-48 lowercase letters, digits or dashes' }),
  name: z.string().min(1).max(100),
  enabled: z.boolean(),
  /** Which alert kinds this channel sends. */
  kinds,
};

export const channelSchema = z.discriminatedUnion('type', [
  /** A JSON POST of the alert to any URL, with custom headers (auth). */
  z.strictObject({ ...base, type: z.literal('webhook'), url: httpUrl, headers }),
  /** ntfy: the topic URL (`https://ntfy.sh/my-topic`), published as JSON; headers for `Authorization`. */
  z.strictObject({ ...base, type: z.literal('ntfy'), url: httpUrl, headers }),
  /** A Slack incoming webhook URL. */
  z.strictObject({ ...base, type: z.literal('slack'), url: httpUrl }),
  /** A Discord webhook URL. */
  z.strictObject({ ...base, type: z.literal('discord'), url: httpUrl }),
  z.strictObject({
    ...base,
    type: z.literal('email'),
    host: z.string().min(1).max(255),
    port: z.number().int().min(1).max(65_535),
    /** `tls`: TLS from the start (port 465); `starttls`: upgrade required (587); `none`: plain (a local relay only). */
    security: z.enum(['tls', 'starttls', 'none']),
    /** Empty: no authentication. */
    user: z.string().max(320),
    password: z.string().max(1024),
    from: address,
    to: z.array(address).min(1).max(10),
  }),
]);
export type ChannelConfig = z.infer<typeof channelSchema>;

export const channelsSchema = z
  .array(channelSchema)
  .max(16)
  .refine((list) => new Set(list.map((c) => c.id)).size === list.length, { message: 'channel ids must be unique' });

/** The secret fields of a channel, by type: what views hide and patches may keep. */
export function secretFields(c: ChannelConfig): Array<'url' | 'password' | `headers.${string}`> {
  if (c.type === 'email') return ['password'];
  if (c.type === 'webhook' || c.type === 'ntfy') return ['url', ...Object.keys(c.headers).map((h) => `headers.${h}` as const)];
  return ['url'];
}

/** A channel as views show it: every secret replaced by `SECRET_KEPT` (an empty password stays empty). */
export function redactChannel(c: ChannelConfig): ChannelConfig {
  if (c.type === 'email') return { ...c, password: c.password ? SECRET_KEPT : '' };
  if (c.type === 'webhook' || c.type === 'ntfy') {
    return { ...c, url: SECRET_KEPT, headers: Object.fromEntries(Object.keys(c.headers).map((k) => [k, SECRET_KEPT])) };
  }
  return { ...c, url: SECRET_KEPT };
}

/** Where a channel sends, without its secrets: a URL's origin, an SMTP server and recipients. */
export function channelTarget(c: ChannelConfig): string {
  if (c.type === 'email') return `smtp://${c.host}:${c.port} → ${c.to.join(', ')}`;
  const origin = /^(https?:\/\/[^\s/?#@]+)/i.exec(c.url);
  return origin ? `${origin[1].toLowerCase()}/…` : '(hidden)';
}

/** How a channel is doing: shown in the Settings view, `GET /api/notifications` and `/api/health`. */
export interface ChannelStatus {
  id: string;
  name: string;
  type: ChannelType;
  /** `settings`: saved in settings.json; `flag`: given to this run (`--notify-webhook`, `--notify-ntfy`). */
  source: 'settings' | 'flag';
  enabled: boolean;
  /** Where it sends, without secrets. */
  target: string;
  lastSentAt: string | null;
  lastError: string | null;
  lastErrorAt: string | null;
  /** Deliveries that failed after all retries, in a row (0 after a success). */
  failures: number;
  /** Alerts given up on: failed after retries, or dropped because the queue was full or too old. */
  dropped: number;
  /** Alerts waiting or being sent now. */
  pending: number;
}

export interface ChannelTestResult {
  ok: boolean;
  /** What went wrong, when it did (HTTP status and the start of the answer, a connection error). */
  error?: string;
  status: ChannelStatus;
}
