/**
 * `lantern serve --notify-webhook URL` and `--notify-ntfy URL` (both repeatable): alert channels
 * for this run, every kind on, beside the ones saved in settings.json and never written to it,
 * for a headless machine configured by its service file rather than a browser.
 */
import type { Command } from 'commander';
import { channelSchema, type ChannelConfig } from '../shared/channels';

export interface NotifyFlags {
  notifyWebhook: string[];
  notifyNtfy: string[];
}

const collect = (value: string, prev: string[]) => [...prev, value];
const ALL_KINDS = { blocked: true, pr: true, done: true, error: true };

export function addNotifyOptions(cmd: Command): Command {
  return cmd
    .option('--notify-webhook <url>', 'POST every alert as JSON to this URL (repeatable; besides the channels in settings.json)', collect, [])
    .option('--notify-ntfy <url>', 'publish every alert to this ntfy topic URL, e.g. https://ntfy.sh/my-topic (repeatable)', collect, []);
}

/** The flags as channels; throws with the flag's name for a URL that is not http(s). */
export function flagChannels(flags: NotifyFlags): ChannelConfig[] {
  const make = (type: 'webhook' | 'ntfy', url: string, i: number): ChannelConfig => {
    const r = channelSchema.safeParse({ id: `flag-${type}-${i + 1}`, name: `--notify-${type} #${i + 1}`, enabled: true, kinds: ALL_KINDS, type, url, headers: {} });
    if (!r.success) throw new Error(`--notify-${type} must be an http:// or https:// URL, got "${url}"`);
    return r.data;
  };
  return [...flags.notifyWebhook.map((u, i) => make('webhook', u, i)), ...flags.notifyNtfy.map((u, i) => make('ntfy', u, i))];
}
