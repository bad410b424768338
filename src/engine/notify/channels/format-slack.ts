/**
 * A Slack incoming webhook's message (https://api.slack.com/reference/surfaces/formatting).
 * Slack reads `<…>` as links and mentions (`<!channel>`, `<@U123>`, `<https://x|text>`): agent
 * text gets `&`, `<` and `>` escaped, the three characters Slack says to escape, so it stays text.
 */
import type { AlertView } from './alert-view';

export interface SlackMessage {
  text: string;
  unfurl_links: false;
  unfurl_media: false;
}

export const slackEscape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A link of ours: the URL may not hold `|` or `>`, which would end it early. */
const slackLink = (url: string, label: string) => `<${url.replace(/\|/g, '%7C').replace(/>/g, '%3E').replace(/</g, '%3C')}|${label}>`;

export function slackMessage(v: AlertView): SlackMessage {
  const lines = [`*${slackEscape(v.title)}*`];
  if (v.body) lines.push(slackEscape(v.body));
  if (v.prUrl) lines.push(slackLink(v.prUrl, 'Pull request'));
  if (v.link) lines.push(slackLink(v.link, 'Open in Lantern'));
  return { text: lines.join('\n'), unfurl_links: false, unfurl_media: false };
}
