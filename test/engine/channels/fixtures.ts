/** Alerts, channel configs, a recording logger and a no-wait sleep for the channel tests. */
import type { ChannelConfig } from '../../../src/shared/channels';
import type { NotifyKind } from '../../../src/shared/settings';
import type { Logger } from '../../../src/engine/logger';
import type { ChannelEntry } from '../../../src/engine/notify/channels/dispatcher';

export { testAlert as alert } from '../../helpers/alerts';

export const ALL_KINDS = { blocked: true, pr: true, done: true, error: true };
export const onlyKinds = (...kinds: NotifyKind[]) => ({
  blocked: kinds.includes('blocked'),
  pr: kinds.includes('pr'),
  done: kinds.includes('done'),
  error: kinds.includes('error'),
});

type HttpType = 'webhook' | 'ntfy' | 'slack' | 'discord';

export function httpChannel(type: HttpType, id: string, url: string, over: Partial<ChannelConfig> = {}): ChannelConfig {
  const base = { id, name: `${type} ${id}`, enabled: true, kinds: ALL_KINDS, url };
  const withHeaders = type === 'webhook' || type === 'ntfy' ? { ...base, type, headers: {} } : { ...base, type };
  return { ...withHeaders, ...over } as ChannelConfig;
}

export const entries = (...configs: ChannelConfig[]): ChannelEntry[] => configs.map((config) => ({ config, source: 'settings' }));

export function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const log = (level: string) => (msg: string, fields?: Record<string, unknown>) => void lines.push(`${level} ${msg} ${JSON.stringify(fields ?? {})}`);
  return { lines, info: log('info'), warn: log('warn'), error: log('error') };
}

/** A sleep that returns at once and remembers what it was asked to wait. */
export function instantSleep(): { waits: number[]; sleep: (ms: number) => Promise<void> } {
  const waits: number[] = [];
  return { waits, sleep: async (ms) => void waits.push(ms) };
}
