/**
 * An alert as an email: a one-line subject, a text body, and a small HTML version in which every
 * piece of text is HTML-escaped and only http(s) links become `<a href>`.
 */
import type { EmailChannel } from './channel-types';
import { oneLine, type AlertView } from './alert-view';

export interface MailMessage {
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
}

export const htmlEscape = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** `[Lantern] <title>`: no line breaks (nodemailer encodes the rest of a header safely). */
export function emailSubject(v: AlertView): string {
  return v.test ? '[Lantern] Test alert' : `[Lantern] ${oneLine(v.title)}`;
}

function textBody(v: AlertView): string {
  const lines = [v.title, ''];
  if (v.body) lines.push(v.body, '');
  if (v.prUrl) lines.push(`Pull request: ${v.prUrl}`);
  if (v.link) lines.push(`Open in Lantern: ${v.link}`);
  lines.push('', '— Lantern');
  return lines.join('\n');
}

const htmlLink = (url: string, label: string) => `<p><a href="${htmlEscape(url)}">${htmlEscape(label)}</a></p>`;

function htmlBody(v: AlertView): string {
  const parts = [
    '<!doctype html><html><body style="font-family: sans-serif">',
    `<h2>${htmlEscape(v.title)}</h2>`,
    v.body ? `<p>${v.body.split('\n').map(htmlEscape).join('<br>')}</p>` : '',
    v.prUrl ? htmlLink(v.prUrl, 'Pull request') : '',
    v.link ? htmlLink(v.link, 'Open in Lantern') : '',
    '<p style="color: #888">— Lantern</p>',
    '</body></html>',
  ];
  return parts.filter(Boolean).join('\n');
}

export function emailMessage(config: EmailChannel, v: AlertView): MailMessage {
  return { from: config.from, to: [...config.to], subject: emailSubject(v), text: textBody(v), html: htmlBody(v) };
}
