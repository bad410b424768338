/**
 * ntfy, published as JSON (https://docs.ntfy.sh/publish/#publish-as-json): a POST of
 * `{topic, title, message, …}` to the server's root. Chosen over the plain publish (message as
 * the body, title and tags as `X-Title`/`X-Tags` headers) because agent text then never goes into
 * an HTTP header, where it would have to be flattened to Latin-1 and could not carry a line break.
 */
import type { NotifyKind } from '../../../shared/settings';
import type { AlertView } from './alert-view';

export interface NtfyMessage {
  topic: string;
  title: string;
  message: string;
  /** 1 (min) to 5 (max); 3 is ntfy's default. */
  priority: number;
  /** Emoji short codes, shown before the title. */
  tags: string[];
  click?: string;
}

const PRIORITY: Record<NotifyKind, number> = { blocked: 4, error: 4, pr: 3, done: 3 };
const TAGS: Record<NotifyKind, string> = { blocked: 'warning', error: 'x', pr: 'tada', done: 'white_check_mark' };

/** A channel URL that names no topic (`https://ntfy.sh/`): a setting to fix, not a failure to retry. */
export class NtfyTopicError extends Error {
  constructor() {
    super('the ntfy URL names no topic (expected https://host/topic)');
    this.name = 'NtfyTopicError';
  }
}

/**
 * The topic URL split into where to publish (the URL without its last path segment, so a server
 * under a path prefix works; the query kept, for ntfy's `?auth=`) and the topic itself.
 */
export function ntfyTarget(topicUrl: string): { publishUrl: string; topic: string } {
  const u = new URL(topicUrl);
  const segments = u.pathname.split('/').filter(Boolean);
  const topic = segments.pop();
  if (!topic) throw new NtfyTopicError();
  u.pathname = `/${segments.map((s) => `${s}/`).join('')}`;
  return { publishUrl: u.href, topic: decodeURIComponent(topic) };
}

export function ntfyMessage(v: AlertView, topic: string): NtfyMessage {
  const click = (v.kind === 'pr' && v.prUrl) || v.link;
  return {
    topic,
    title: v.title,
    message: v.body || v.title,
    priority: v.test ? 3 : PRIORITY[v.kind],
    tags: [TAGS[v.kind]],
    ...(click ? { click } : {}),
  };
}
