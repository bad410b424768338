/**
 * The pieces of an alert every channel format starts from. Agent text is hostile: here it only
 * loses control characters (line breaks kept: a coalesced burst lists one agent per line); each
 * format escapes it for its own target. Links are kept only when they are http(s).
 */
import type { Alert } from '../../../shared/notify';
import type { NotifyKind } from '../../../shared/settings';
import { httpUrl } from '../decide';

export interface AlertView {
  id: number;
  kind: NotifyKind;
  kinds: NotifyKind[];
  test: boolean;
  title: string;
  body: string;
  /** The PR's URL, when it is http(s). */
  prUrl: string | null;
  /** The replay of the alert's first agent in Lantern, when it is http(s). */
  link: string | null;
  agentIds: string[];
  /** ISO-8601 UTC. */
  at: string;
}

/** Control characters and Unicode line/paragraph separators out; `\n` kept. */
export function printable(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029]/g, ' ');
}

/** One line of printable text (subjects, titles). */
export function oneLine(text: string): string {
  return printable(text).replace(/\s+/g, ' ').trim();
}

/** At most `max` characters, an ellipsis marking a cut. */
export function cap(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export function viewOf(alert: Alert, link: string | null): AlertView {
  return {
    id: alert.id,
    kind: alert.kind,
    kinds: alert.kinds?.length ? alert.kinds : [alert.kind],
    test: alert.test === true,
    title: oneLine(alert.title) || 'Lantern',
    body: printable(alert.body).trim(),
    prUrl: httpUrl(alert.url) ?? null,
    link: httpUrl(link ?? undefined) ?? null,
    agentIds: [...alert.agentIds],
    at: alert.at,
  };
}
