/**
 * The alert channels of the Settings form, pure: a draft per channel (what the inputs hold, as
 * typed) made from the settings view, and the channel list a patch sends back.
 *
 * Secrets never reach the page: the view carries SECRET_KEPT in their place. A kept secret's
 * input starts empty (with a "saved" placeholder); left empty it sends SECRET_KEPT back, which
 * keeps the saved value; anything typed replaces it. Only the engine checks URLs and addresses
 * (its refusal names the field, `notifications.channels.1.url`); here only what the patch cannot
 * express is refused (a port that is not a whole number, a renamed header whose value was kept).
 */
import { CHANNEL_TYPES, SECRET_KEPT, type ChannelType } from '../../../shared/channel-names';
import type { ChannelConfig } from '../../../shared/channels';
import type { NotifyKind } from '../../../shared/settings';

export { SECRET_KEPT };
/** The order the "Add channel" menu offers them. */
export const CHANNEL_TYPE_LIST: readonly ChannelType[] = CHANNEL_TYPES;
export const CHANNEL_TYPE_LABEL: Record<ChannelType, string> = { webhook: 'Webhook', ntfy: 'ntfy', slack: 'Slack', discord: 'Discord', email: 'Email' };
export const SECURITY_LIST = ['starttls', 'tls', 'none'] as const;
export type Security = (typeof SECURITY_LIST)[number];

export interface HeaderDraft {
  /** Stable within the form (list keys), never sent. */
  key: number;
  name: string;
  /** What was typed; empty for a kept secret. */
  value: string;
  /** The header's name in the saved channel when its value is kept (an empty value keeps it); null for a new one. */
  keptName: string | null;
}

export interface ChannelDraft {
  id: string;
  type: ChannelType;
  name: string;
  enabled: boolean;
  kinds: Record<NotifyKind, boolean>;
  /** webhook, ntfy, slack, discord. */
  url: string;
  urlKept: boolean;
  /** webhook, ntfy. */
  headers: HeaderDraft[];
  /** email. */
  host: string;
  port: string;
  security: Security;
  user: string;
  password: string;
  passwordKept: boolean;
  from: string;
  /** Addresses separated by commas or new lines. */
  to: string;
}

let headerKeys = 0;
export const headerDraft = (name = '', value = '', keptName: string | null = null): HeaderDraft => ({ key: ++headerKeys, name, value, keptName });

const EMPTY_FIELDS = { url: '', urlKept: false, headers: [], host: '', port: '587', security: 'starttls', user: '', password: '', passwordKept: false, from: '', to: '' } as const;

export function channelDraftFrom(c: ChannelConfig): ChannelDraft {
  const base = { ...EMPTY_FIELDS, headers: [] as HeaderDraft[], id: c.id, type: c.type, name: c.name, enabled: c.enabled, kinds: { ...c.kinds } };
  if (c.type === 'email') {
    const kept = c.password === SECRET_KEPT;
    return { ...base, host: c.host, port: String(c.port), security: c.security, user: c.user, password: kept ? '' : c.password, passwordKept: kept, from: c.from, to: c.to.join(', ') };
  }
  const kept = c.url === SECRET_KEPT;
  const draft = { ...base, url: kept ? '' : c.url, urlKept: kept };
  if (c.type === 'slack' || c.type === 'discord') return draft;
  return { ...draft, headers: Object.entries(c.headers).map(([n, v]) => (v === SECRET_KEPT ? headerDraft(n, '', n) : headerDraft(n, v))) };
}

/** `webhook-1`, `ntfy-2`: the type and the smallest number no channel (saved, drafted or given by a flag) uses. */
export function freshChannelId(type: ChannelType, taken: Iterable<string>): string {
  const used = new Set(taken);
  for (let n = 1; ; n++) if (!used.has(`${type}-${n}`)) return `${type}-${n}`;
}

/**
 * A new channel: enabled, every kind on except `done` for ntfy (a phone push should wake you for
 * what needs you, not for every finished agent; tick it to have those too).
 */
export function newChannelDraft(type: ChannelType, existing: readonly ChannelDraft[], takenIds: Iterable<string> = []): ChannelDraft {
  const id = freshChannelId(type, [...existing.map((c) => c.id), ...takenIds]);
  const sameType = existing.filter((c) => c.type === type).length;
  return {
    ...EMPTY_FIELDS,
    headers: [],
    id,
    type,
    name: sameType === 0 ? CHANNEL_TYPE_LABEL[type] : `${CHANNEL_TYPE_LABEL[type]} ${sameType + 1}`,
    enabled: true,
    kinds: { blocked: true, pr: true, done: type !== 'ntfy', error: true },
  };
}

/** Addresses from text separated by commas, semicolons or new lines; blanks dropped. */
export const addressesFrom = (text: string): string[] =>
  text
    .split(/[,;\r\n]+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);

export interface ChannelsResult {
  channels: ChannelConfig[];
  /** Problems the patch cannot express, by channel index; nothing is sent while there are any. */
  errors: Record<number, string>;
}

/** The channel list for a patch: kept secrets left empty go back as SECRET_KEPT. */
export function channelsFrom(drafts: readonly ChannelDraft[]): ChannelsResult {
  const errors: Record<number, string> = {};
  const channels = drafts.map((d, i): ChannelConfig => {
    const base = { id: d.id, name: d.name.trim(), enabled: d.enabled, kinds: { ...d.kinds } };
    if (d.type === 'email') {
      const port = d.port.trim();
      if (!/^\d+$/.test(port)) errors[i] = `${d.name || d.id}: the port must be a whole number`;
      const password = d.passwordKept && d.password === '' ? SECRET_KEPT : d.password;
      return { ...base, type: 'email', host: d.host.trim(), port: Number(port), security: d.security, user: d.user.trim(), password, from: d.from.trim(), to: addressesFrom(d.to) };
    }
    const url = d.urlKept && d.url.trim() === '' ? SECRET_KEPT : d.url.trim();
    if (d.type === 'slack' || d.type === 'discord') return { ...base, type: d.type, url };
    const headers: Record<string, string> = {};
    for (const h of d.headers) {
      const name = h.name.trim();
      if (name === '' && h.value === '') continue;
      if (Object.prototype.hasOwnProperty.call(headers, name)) errors[i] ??= `${d.name || d.id}: the header "${name}" is there twice`;
      if (h.keptName !== null && h.value === '') {
        if (name !== h.keptName) errors[i] ??= `${d.name || d.id}: type the value of header "${name}" again (the saved one belongs to "${h.keptName}")`;
        headers[name] = SECRET_KEPT;
      } else headers[name] = h.value;
    }
    return { ...base, type: d.type, url, headers };
  });
  return { channels, errors };
}

/** Structural equality of JSON values, key order aside (the view's objects come from JSON). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** The channel index a settings refusal names (`notifications.channels.1.url: …` → 1), or null. */
export function channelIndexOf(errorText: string): number | null {
  const m = /\bnotifications\.channels\.(\d+)\b/.exec(errorText);
  return m ? Number(m[1]) : null;
}
