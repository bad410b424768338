/** The HTTP request each kind of webhook channel sends for an alert. */
import type { AlertView } from './alert-view';
import type { HttpChannel } from './channel-types';
import { discordMessage } from './format-discord';
import { ntfyMessage, ntfyTarget } from './format-ntfy';
import type { HttpRequest } from './post-json';
import { slackMessage } from './format-slack';
import { webhookPayload } from './format-webhook';

/** The body is always JSON: a custom `Content-Type` would only contradict it. */
const customHeaders = (headers: Record<string, string>) =>
  Object.fromEntries(Object.entries(headers).filter(([name]) => name.toLowerCase() !== 'content-type'));

/** Throws `NtfyTopicError` for an ntfy URL without a topic. */
export function httpRequestFor(config: HttpChannel, v: AlertView): HttpRequest {
  switch (config.type) {
    case 'webhook':
      return { url: config.url, headers: customHeaders(config.headers), body: webhookPayload(v) };
    case 'ntfy': {
      const { publishUrl, topic } = ntfyTarget(config.url);
      return { url: publishUrl, headers: customHeaders(config.headers), body: ntfyMessage(v, topic) };
    }
    case 'slack':
      return { url: config.url, headers: {}, body: slackMessage(v) };
    case 'discord':
      return { url: config.url, headers: {}, body: discordMessage(v) };
  }
}
