// @vitest-environment node
/**
 * The channel formats as pure functions: what each target receives for an alert, with agent text
 * made inert for that target (Slack links and mentions, Discord markdown and pings, HTML in email).
 */
import { describe, expect, it } from 'vitest';
import { viewOf } from '../../../src/engine/notify/channels/alert-view';
import { discordMessage, DISCORD_DESCRIPTION_MAX, DISCORD_TITLE_MAX } from '../../../src/engine/notify/channels/format-discord';
import { emailMessage, emailSubject } from '../../../src/engine/notify/channels/format-email';
import { ntfyMessage, ntfyTarget, NtfyTopicError } from '../../../src/engine/notify/channels/format-ntfy';
import { slackMessage } from '../../../src/engine/notify/channels/format-slack';
import { webhookPayload } from '../../../src/engine/notify/channels/format-webhook';
import { testAlert } from '../../../src/engine/notify/channels/test-alert';
import type { EmailChannel } from '../../../src/engine/notify/channels/channel-types';
import { alert, ALL_KINDS } from './fixtures';

const AT = '2026-05-01T09:00:00.000Z';
const LINK = 'http://127.0.0.1:4477/#/agents/claude%3Aa';
const PR = 'https://github.com/acme/payments-api/pull/42';
const hostile = alert({ title: '<!channel> @everyone <script>x</script>', body: 'see <https://evil.example|docs> & [click](https://evil.example) *now*', at: AT });

describe('the common view', () => {
  it('keeps http(s) links only, line breaks in the body, and no control characters', () => {
    const v = viewOf(alert({ title: 'a\u0007b\nc', body: 'one\r\ntwo\u2028three', url: 'javascript:alert(1)', at: AT }), 'file:///etc/passwd');
    expect(v).toMatchObject({ title: 'a b c', body: 'one\ntwo three', prUrl: null, link: null, test: false, kinds: ['blocked'] });
    expect(viewOf(alert({ kind: 'pr', kinds: ['pr'], url: PR }), LINK)).toMatchObject({ prUrl: PR, link: LINK });
  });
});

describe('webhook', () => {
  it('is the alert as JSON data', () => {
    const a = alert({ id: 7, kind: 'pr', kinds: ['pr', 'done'], agentIds: ['claude:a', 'codex:b'], url: PR, at: AT });
    expect(webhookPayload(viewOf(a, LINK))).toEqual({
      id: 7,
      kind: 'pr',
      kinds: ['pr', 'done'],
      title: 'payments-api',
      body: 'Claude needs your permission to use Bash',
      agentIds: ['claude:a', 'codex:b'],
      prUrl: PR,
      link: LINK,
      at: AT,
      test: false,
      source: 'lantern',
    });
    expect(webhookPayload(viewOf(alert(), null))).toMatchObject({ prUrl: null, link: null });
  });
});

describe('ntfy', () => {
  it('publishes to the server root (the URL without the topic), keeping a path prefix and the query', () => {
    expect(ntfyTarget('https://ntfy.sh/my-topic')).toEqual({ publishUrl: 'https://ntfy.sh/', topic: 'my-topic' });
    expect(ntfyTarget('https://push.example.com/ntfy/alerts/')).toEqual({ publishUrl: 'https://push.example.com/ntfy/', topic: 'alerts' });
    expect(ntfyTarget('https://ntfy.example/t?auth=abc')).toEqual({ publishUrl: 'https://ntfy.example/?auth=abc', topic: 't' });
    expect(() => ntfyTarget('https://ntfy.sh/')).toThrow(NtfyTopicError);
  });

  it('sets priority, tags and click by kind', () => {
    const cases = [
      ['blocked', 4, 'warning'],
      ['error', 4, 'x'],
      ['pr', 3, 'tada'],
      ['done', 3, 'white_check_mark'],
    ] as const;
    for (const [kind, priority, tag] of cases) {
      const m = ntfyMessage(viewOf(alert({ kind, kinds: [kind], url: PR }), LINK), 'topic');
      expect(m).toEqual({ topic: 'topic', title: 'payments-api', message: 'Claude needs your permission to use Bash', priority, tags: [tag], click: kind === 'pr' ? PR : LINK });
    }
    expect(ntfyMessage(viewOf(alert({ kind: 'blocked' }), null), 't')).not.toHaveProperty('click');
    expect(ntfyMessage(viewOf(testAlert('Phone', Date.parse(AT)), null), 't').priority).toBe(3);
  });
});

describe('slack', () => {
  it('bolds the title, links Lantern and the PR, and does not unfurl', () => {
    const m = slackMessage(viewOf(alert({ kind: 'pr', kinds: ['pr'], url: PR, body: 'PR opened: Fix it' }), LINK));
    expect(m).toEqual({
      text: `*payments-api*\nPR opened: Fix it\n<${PR}|Pull request>\n<${LINK}|Open in Lantern>`,
      unfurl_links: false,
      unfurl_media: false,
    });
  });

  it('escapes &, < and > so agent text makes no links or mentions', () => {
    const { text } = slackMessage(viewOf(hostile, null));
    expect(text).toBe('*&lt;!channel&gt; @everyone &lt;script&gt;x&lt;/script&gt;*\nsee &lt;https://evil.example|docs&gt; &amp; [click](https://evil.example) *now*');
    expect(text).not.toMatch(/<[!@#]|<http/);
  });
});

describe('discord', () => {
  it('is one embed with a color per kind, the link, the PR as a field, and no mentions parsed', () => {
    const m = discordMessage(viewOf(alert({ kind: 'pr', kinds: ['pr'], url: PR, at: AT }), LINK));
    expect(m).toEqual({
      content: '',
      embeds: [{ title: 'payments-api', description: 'Claude needs your permission to use Bash', url: LINK, color: 0x8b5cf6, timestamp: AT, fields: [{ name: 'Pull request', value: PR }] }],
      allowed_mentions: { parse: [] },
    });
    const colors = (['blocked', 'error', 'done'] as const).map((kind) => discordMessage(viewOf(alert({ kind, kinds: [kind] }), null)).embeds[0].color);
    expect(new Set(colors).size).toBe(3);
  });

  it('makes @everyone and markdown links inert, and keeps within Discord limits', () => {
    const [embed] = discordMessage(viewOf(hostile, null)).embeds;
    expect(embed.title).not.toContain('@everyone');
    expect(embed.description).toBe('see <https://evil.example\\|docs\\> & \\[click\\](https://evil.example) \\*now\\*');
    const long = discordMessage(viewOf(alert({ title: 't'.repeat(500), body: 'b'.repeat(5000) }), null)).embeds[0];
    expect(long.title).toHaveLength(DISCORD_TITLE_MAX);
    expect(long.description).toHaveLength(DISCORD_DESCRIPTION_MAX);
  });
});

describe('email', () => {
  const config: EmailChannel = {
    id: 'mail',
    name: 'Mail',
    type: 'email',
    enabled: true,
    kinds: ALL_KINDS,
    host: 'smtp.example.com',
    port: 587,
    security: 'starttls',
    user: '',
    password: '',
    from: 'lantern@example.com',
    to: ['me@example.com', 'you@example.com'],
  };

  it('has a one-line subject, a text body with the links, and the recipients', () => {
    const m = emailMessage(config, viewOf(alert({ kind: 'pr', kinds: ['pr'], url: PR, body: 'PR opened: Fix it' }), LINK));
    expect(m).toMatchObject({ from: 'lantern@example.com', to: ['me@example.com', 'you@example.com'], subject: '[Lantern] payments-api' });
    expect(m.text).toContain(`payments-api\n\nPR opened: Fix it\n\nPull request: ${PR}\nOpen in Lantern: ${LINK}`);
    expect(emailSubject(viewOf(alert({ title: 'a\r\nBcc: x@evil.example' }), null))).toBe('[Lantern] a Bcc: x@evil.example');
    expect(emailSubject(viewOf(testAlert('Mail', Date.parse(AT)), null))).toBe('[Lantern] Test alert');
  });

  it('escapes every piece of text in the HTML and links only http(s) URLs', () => {
    const { html } = emailMessage(config, viewOf(alert({ title: `<img src=x onerror="a('b')">`, body: 'x & y\n<b>z</b>', url: 'javascript:alert(1)' }), LINK));
    expect(html).toContain('<h2>&lt;img src=x onerror=&quot;a(&#39;b&#39;)&quot;&gt;</h2>');
    expect(html).toContain('<p>x &amp; y<br>&lt;b&gt;z&lt;/b&gt;</p>');
    expect(html).toContain(`<a href="${LINK}">Open in Lantern</a>`);
    expect(html).not.toContain('javascript:');
    expect(html).not.toContain('<img');
  });
});
