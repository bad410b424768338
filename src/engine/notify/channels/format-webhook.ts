/**
 * The plain webhook's JSON: the alert as data, for a script or an automation service to read.
 * JSON carries agent text safely; what the receiver does with it is its own business.
 */
import type { NotifyKind } from '../../../shared/settings';
import type { AlertView } from './alert-view';

export interface WebhookPayload {
  id: number;
  kind: NotifyKind;
  kinds: NotifyKind[];
  title: string;
  body: string;
  agentIds: string[];
  prUrl: string | null;
  link: string | null;
  at: string;
  test: boolean;
  source: 'lantern';
}

export function webhookPayload(v: AlertView): WebhookPayload {
  return {
    id: v.id,
    kind: v.kind,
    kinds: v.kinds,
    title: v.title,
    body: v.body,
    agentIds: v.agentIds,
    prUrl: v.prUrl,
    link: v.link,
    at: v.at,
    test: v.test,
    source: 'lantern',
  };
}
