/**
 * Secrets in channel patches. Views show `SECRET_KEPT` where a channel's URL, header values or
 * password are; a patch that sends it back means "keep what is saved". Resolved against the saved
 * channel with the same id and type before anything is written; a placeholder with nothing saved
 * behind it is refused, naming the field, so a new channel can never be saved with the
 * placeholder as its secret.
 */
import { SECRET_KEPT, type ChannelConfig } from '../../shared/channels';
import type { SettingsPatch } from '../../shared/settings';
import { SettingsError } from './settings-patch';

function keep(channel: ChannelConfig, saved: ChannelConfig | undefined, at: string): ChannelConfig {
  const missing = (field: string) =>
    new SettingsError(`${at}.${field}`, `${at}.${field}: there is no saved value to keep for channel "${channel.id}" (type the ${field === 'password' ? 'password' : 'value'} in)`);
  const same = saved && saved.type === channel.type ? saved : undefined;
  if (channel.type === 'email') {
    if (channel.password !== SECRET_KEPT) return channel;
    if (same?.type !== 'email') throw missing('password');
    return { ...channel, password: same.password };
  }
  let url = channel.url;
  if (url === SECRET_KEPT) {
    if (!same || same.type === 'email') throw missing('url');
    url = same.url;
  }
  if (channel.type === 'slack' || channel.type === 'discord') return { ...channel, url };
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(channel.headers)) {
    if (value !== SECRET_KEPT) headers[name] = value;
    else if ((same?.type === 'webhook' || same?.type === 'ntfy') && same.headers[name] !== undefined) headers[name] = same.headers[name];
    else throw missing(`headers.${name}`);
  }
  return { ...channel, url, headers };
}

/** The patch with every `SECRET_KEPT` replaced by the saved secret; throws `SettingsError` for one with none. */
export function keepSavedSecrets(patch: SettingsPatch, saved: readonly ChannelConfig[]): SettingsPatch {
  const channels = patch.notifications?.channels;
  if (!channels) return patch;
  const byId = new Map(saved.map((c) => [c.id, c]));
  const resolved = channels.map((c, i) => keep(c, byId.get(c.id), `notifications.channels.${i}`));
  return { ...patch, notifications: { ...patch.notifications, channels: resolved } };
}
