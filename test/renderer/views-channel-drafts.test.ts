/**
 * The alert channels of the Settings form: drafts from the redacted settings view, the list a
 * patch sends (only when it changed; kept secrets left empty go back as SECRET_KEPT, typed ones
 * replace them), add and remove, and the problems the form refuses itself.
 */
import { describe, expect, it } from 'vitest';
import { CHANNEL_TYPES, redactChannel, SECRET_KEPT as SHARED_SECRET_KEPT, type ChannelConfig } from '../../src/shared/channels';
import { DEFAULT_SETTINGS, settingsPatchSchema, type Settings } from '../../src/shared/settings';
import {
  addressesFrom,
  channelDraftFrom,
  channelIndexOf,
  CHANNEL_TYPE_LIST,
  channelsFrom,
  freshChannelId,
  headerDraft,
  newChannelDraft,
  sameJson,
  SECRET_KEPT,
} from '../../src/renderer/state/views/channel-drafts';
import { draftFrom, isPristine, patchFrom, type SettingsDraft } from '../../src/renderer/state/views/settings-form';

const ALL = { blocked: true, pr: true, done: true, error: true };

/** What the engine saved (with secrets) … */
const savedChannels: ChannelConfig[] = [
  { id: 'webhook-1', name: 'Ops hook', enabled: true, kinds: ALL, type: 'webhook', url: 'https://hooks.example.com/abc', headers: { Authorization: 'Bearer secret-token-123' } },
  { id: 'ntfy-1', name: 'Phone', enabled: true, kinds: { ...ALL, done: false }, type: 'ntfy', url: 'https://ntfy.sh/my-topic', headers: {} },
  {
    id: 'email-1',
    name: 'Mail',
    enabled: false,
    kinds: ALL,
    type: 'email',
    host: 'smtp.example.com',
    port: 587,
    security: 'starttls',
    user: 'me',
    password: 'hunter2',
    from: 'lantern@example.com',
    to: ['me@example.com', 'you@example.com'],
  },
];
/** … and what the settings view shows of it. */
const current: Settings = { ...DEFAULT_SETTINGS, notifications: { ...DEFAULT_SETTINGS.notifications, channels: savedChannels.map(redactChannel) } };

const withChannels = (d: SettingsDraft, f: (cs: SettingsDraft['channels']) => SettingsDraft['channels']): SettingsDraft => ({ ...d, channels: f(d.channels) });

describe('channel drafts', () => {
  it('uses the same placeholder and types as the contract', () => {
    expect(SECRET_KEPT).toBe(SHARED_SECRET_KEPT);
    expect([...CHANNEL_TYPE_LIST]).toEqual([...CHANNEL_TYPES]);
  });

  it('a kept secret is an empty input that remembers it was saved; nothing secret is in the draft', () => {
    const d = draftFrom(current);
    const [hook, ntfy, mail] = d.channels;
    expect(hook).toMatchObject({ id: 'webhook-1', type: 'webhook', name: 'Ops hook', url: '', urlKept: true });
    expect(hook.headers.map((h) => [h.name, h.value, h.keptName])).toEqual([['Authorization', '', 'Authorization']]);
    expect(ntfy).toMatchObject({ url: '', urlKept: true, headers: [], kinds: { done: false } });
    expect(mail).toMatchObject({ host: 'smtp.example.com', port: '587', security: 'starttls', user: 'me', password: '', passwordKept: true, to: 'me@example.com, you@example.com', enabled: false });
    expect(JSON.stringify(d)).not.toMatch(/secret-token-123|hunter2|abc|my-topic|saved — hidden/);
  });

  it('an email without a password keeps nothing: its empty input sends an empty password', () => {
    const noPassword = channelDraftFrom({ ...(savedChannels[2] as Extract<ChannelConfig, { type: 'email' }>), password: '' });
    expect(noPassword.passwordKept).toBe(false);
    expect(channelsFrom([noPassword]).channels[0]).toMatchObject({ password: '' });
  });

  it('an untouched list is no channels in the patch', () => {
    const d = draftFrom(current);
    expect(patchFrom(d, current)).toEqual({ patch: {}, errors: {}, channelErrors: {}, changed: false });
    expect(isPristine(d, current)).toBe(true);
    // Key order of the view's objects does not matter.
    expect(sameJson({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 })).toBe(true);
    expect(sameJson({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(sameJson([1, 2], { 0: 1, 1: 2 })).toBe(false);
  });

  it('an edit sends the whole list, empty secrets of saved channels as SECRET_KEPT', () => {
    const d = withChannels(draftFrom(current), (cs) => cs.map((c) => (c.id === 'ntfy-1' ? { ...c, name: 'My phone' } : c)));
    const r = patchFrom(d, current);
    expect(r.changed).toBe(true);
    const sent = r.patch.notifications?.channels ?? [];
    expect(sent.map((c) => c.id)).toEqual(['webhook-1', 'ntfy-1', 'email-1']);
    expect(sent[0]).toEqual({ ...savedChannels[0], url: SECRET_KEPT, headers: { Authorization: SECRET_KEPT } });
    expect(sent[1]).toEqual({ ...savedChannels[1], name: 'My phone', url: SECRET_KEPT });
    expect(sent[2]).toEqual({ ...savedChannels[2], password: SECRET_KEPT });
    expect(r.patch).toEqual({ notifications: { channels: sent } });
    expect(settingsPatchSchema.safeParse(r.patch).success).toBe(true);
  });

  it('a typed secret replaces the saved one; a header can be added, renamed with a new value, or removed', () => {
    const d = withChannels(draftFrom(current), (cs) =>
      cs.map((c) =>
        c.id === 'webhook-1'
          ? { ...c, url: ' https://new.example.com/x ', headers: [{ ...c.headers[0], name: 'X-Auth', value: 'v2' }, headerDraft('X-Env', 'prod'), headerDraft('', '')] }
          : c.id === 'email-1'
            ? { ...c, password: 'new-pass', to: 'a@example.com;\nb@example.com, ' }
            : c,
      ),
    );
    const sent = patchFrom(d, current).patch.notifications?.channels ?? [];
    expect(sent[0]).toMatchObject({ url: 'https://new.example.com/x', headers: { 'X-Auth': 'v2', 'X-Env': 'prod' } });
    expect(sent[2]).toMatchObject({ password: 'new-pass', to: ['a@example.com', 'b@example.com'] });
    const removed = withChannels(draftFrom(current), (cs) => cs.map((c) => (c.id === 'webhook-1' ? { ...c, headers: [] } : c)));
    expect((patchFrom(removed, current).patch.notifications?.channels ?? [])[0]).toMatchObject({ url: SECRET_KEPT, headers: {} });
  });

  it('refuses what the patch cannot say: a renamed header whose value was kept, a header twice, a port that is not a number', () => {
    const renamed = withChannels(draftFrom(current), (cs) => cs.map((c) => (c.id === 'webhook-1' ? { ...c, headers: [{ ...c.headers[0], name: 'X-Auth' }] } : c)));
    const r = patchFrom(renamed, current);
    expect(r.patch).toEqual({});
    expect(r.changed).toBe(true);
    expect(r.channelErrors[0]).toMatch(/type the value of header "X-Auth" again/);
    expect(r.errors.channels).toBe(r.channelErrors[0]);

    const twice = withChannels(draftFrom(current), (cs) => cs.map((c) => (c.id === 'ntfy-1' ? { ...c, headers: [headerDraft('A', '1'), headerDraft(' A ', '2')] } : c)));
    expect(patchFrom(twice, current).channelErrors[1]).toMatch(/"A" is there twice/);

    const port = withChannels(draftFrom(current), (cs) => cs.map((c) => (c.type === 'email' ? { ...c, port: '58.7' } : c)));
    expect(patchFrom(port, current).channelErrors).toEqual({ 2: 'Mail: the port must be a whole number' });
  });

  it('add: a fresh lowercase id, a default name, enabled, every kind but done for ntfy', () => {
    expect(freshChannelId('ntfy', ['ntfy-1', 'webhook-2'])).toBe('ntfy-2');
    expect(freshChannelId('webhook', ['ntfy-1', 'webhook-2'])).toBe('webhook-1');
    const d = draftFrom(current);
    const ntfy = newChannelDraft('ntfy', d.channels);
    expect(ntfy).toMatchObject({ id: 'ntfy-2', name: 'ntfy 2', enabled: true, kinds: { blocked: true, pr: true, done: false, error: true }, url: '', urlKept: false, headers: [] });
    const slack = newChannelDraft('slack', d.channels, ['slack-1']);
    expect(slack).toMatchObject({ id: 'slack-2', name: 'Slack', kinds: ALL });
    const email = newChannelDraft('email', []);
    expect(email).toMatchObject({ id: 'email-1', port: '587', security: 'starttls', passwordKept: false });

    const added = { ...d, channels: [...d.channels, { ...ntfy, url: 'https://ntfy.sh/other' }] };
    const sent = patchFrom(added, current).patch.notifications?.channels ?? [];
    expect(sent.map((c) => c.id)).toEqual(['webhook-1', 'ntfy-1', 'email-1', 'ntfy-2']);
    expect(sent[3]).toEqual({ id: 'ntfy-2', name: 'ntfy 2', enabled: true, kinds: { blocked: true, pr: true, done: false, error: true }, type: 'ntfy', url: 'https://ntfy.sh/other', headers: {} });
    expect(settingsPatchSchema.safeParse({ notifications: { channels: sent } }).success).toBe(true);
    // A new channel has no saved secret: an empty URL goes as typed (the engine names the field).
    expect(channelsFrom([newChannelDraft('discord', [])]).channels[0]).toMatchObject({ url: '' });
  });

  it('remove: the list without it; removing every channel sends an empty list', () => {
    const d = draftFrom(current);
    expect((patchFrom({ ...d, channels: d.channels.filter((c) => c.id !== 'ntfy-1') }, current).patch.notifications?.channels ?? []).map((c) => c.id)).toEqual(['webhook-1', 'email-1']);
    expect(patchFrom({ ...d, channels: [] }, current).patch).toEqual({ notifications: { channels: [] } });
  });

  it('the dashboard address: empty is null (this server), sent only when changed', () => {
    expect(draftFrom(current).publicUrl).toBe('');
    const r = patchFrom({ ...draftFrom(current), publicUrl: ' http://laptop.local:4747 ' }, current);
    expect(r.patch).toEqual({ notifications: { publicUrl: 'http://laptop.local:4747' } });
    expect(settingsPatchSchema.safeParse(r.patch).success).toBe(true);
    const set: Settings = { ...current, notifications: { ...current.notifications, publicUrl: 'http://laptop.local:4747' } };
    expect(draftFrom(set).publicUrl).toBe('http://laptop.local:4747');
    expect(patchFrom(draftFrom(set), set).changed).toBe(false);
    expect(patchFrom({ ...draftFrom(set), publicUrl: '  ' }, set).patch).toEqual({ notifications: { publicUrl: null } });
    // With other notification changes, one notifications object.
    expect(patchFrom({ ...draftFrom(current), publicUrl: 'http://h:1', throttleSec: '5' }, current).patch).toEqual({ notifications: { throttleSec: 5, publicUrl: 'http://h:1' } });
  });

  it('addresses: commas, semicolons or new lines', () => {
    expect(addressesFrom(' a@x.io,b@x.io\r\n\n c@x.io ; ')).toEqual(['a@x.io', 'b@x.io', 'c@x.io']);
  });

  it('finds the channel a refusal names', () => {
    expect(channelIndexOf('notifications.channels.1.url: must be an http:// or https:// URL')).toBe(1);
    expect(channelIndexOf('notifications.channels.12.headers.X: must be one line')).toBe(12);
    expect(channelIndexOf('notifications.throttleSec: Too big')).toBeNull();
  });
});
