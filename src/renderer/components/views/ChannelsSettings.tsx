/**
 * "Alert channels" in the Settings form: the off-machine channels as drafts (saved with the rest
 * of the form), "Add channel" with a type, the dashboard address alerts link to, and the channels
 * given by flags for this run (read-only). Each channel's status comes from the notify state.
 */
import { useState } from 'preact/hooks';
import '../../styles/channels.css';
import type { ChannelConfig, ChannelStatus, ChannelType } from '../../../shared/channels';
import { useApp } from '../../context';
import { CHANNEL_TYPE_LABEL, CHANNEL_TYPE_LIST, channelsFrom, newChannelDraft, sameJson, type ChannelDraft } from '../../state/views/channel-drafts';
import { ChannelCard } from './ChannelCard';
import { ChannelStatusLine, ChannelTest } from './ChannelStatus';

export interface ChannelsSettingsProps {
  drafts: ChannelDraft[];
  /** The channels in the settings view (secrets as SECRET_KEPT). */
  saved: readonly ChannelConfig[];
  publicUrl: string;
  /** Problems by index: the form's own, or the one a refusal named (`notifications.channels.1.url`). */
  errors: Record<number, string>;
  onChannels(drafts: ChannelDraft[]): void;
  onPublicUrl(v: string): void;
}

export function ChannelsSettings({ drafts, saved, publicUrl, errors, onChannels, onPublicUrl }: ChannelsSettingsProps) {
  const { store } = useApp();
  const [addType, setAddType] = useState<ChannelType>('webhook');
  const statuses = store.notify.value?.channels ?? [];
  const fromFlags = statuses.filter((s) => s.source === 'flag');
  const savedById = new Map(saved.map((c) => [c.id, c]));
  const statusOf = (id: string) => statuses.find((s) => s.id === id && s.source === 'settings');

  const add = () => onChannels([...drafts, newChannelDraft(addType, drafts, [...saved.map((c) => c.id), ...statuses.map((s) => s.id)])]);

  return (
    <fieldset class="setting channels" data-testid="setting-channels">
      <legend>Alert channels</legend>
      <p class="help">
        Send alerts off this machine: a webhook (JSON), ntfy, Slack, Discord or email. Each channel has its own kinds. URLs, header values and passwords
        are kept in the settings file and never shown again.
      </p>

      {drafts.length === 0 ? (
        <p class="help" data-testid="channels-empty">
          No channels yet.
        </p>
      ) : (
        <ul class="channel-list" data-testid="channel-list">
          {drafts.map((d, i) => {
            const was = savedById.get(d.id);
            const isSaved = was !== undefined && was.type === d.type;
            return (
              <ChannelCard
                key={d.id}
                draft={d}
                saved={isSaved}
                edited={isSaved && !sameJson(channelsFrom([d]).channels[0], was)}
                status={statusOf(d.id)}
                error={errors[i]}
                onChange={(next) => onChannels(drafts.map((x, j) => (j === i ? next : x)))}
                onRemove={() => onChannels(drafts.filter((_, j) => j !== i))}
              />
            );
          })}
        </ul>
      )}

      <div class="channel-add">
        <label for="channel-add-type">Add a</label>
        <select id="channel-add-type" data-testid="channel-add-type" value={addType} onChange={(e) => setAddType((e.currentTarget as HTMLSelectElement).value as ChannelType)}>
          {CHANNEL_TYPE_LIST.map((t) => (
            <option key={t} value={t}>
              {CHANNEL_TYPE_LABEL[t]}
            </option>
          ))}
        </select>
        <button type="button" class="chip" data-testid="channel-add" onClick={add}>
          Add channel
        </button>
      </div>

      <div class="field">
        <label for="setting-public-url">
          Dashboard address <span class="unit">for the links in alerts</span>
        </label>
        <input
          id="setting-public-url"
          data-testid="setting-public-url"
          type="url"
          spellcheck={false}
          class="mono"
          placeholder="empty: this server’s own address"
          value={publicUrl}
          aria-describedby="setting-public-url-help"
          onInput={(e) => onPublicUrl((e.currentTarget as HTMLInputElement).value)}
        />
        <p class="help" id="setting-public-url-help">
          How the alert’s reader reaches this dashboard (http://laptop.local:4747); an alert links to the agent’s replay there.
        </p>
      </div>

      {fromFlags.length > 0 && <FlagChannels channels={fromFlags} />}
    </fieldset>
  );
}

const FLAG: Partial<Record<ChannelType, string>> = { webhook: '--notify-webhook', ntfy: '--notify-ntfy' };

function FlagChannels({ channels }: { channels: ChannelStatus[] }) {
  return (
    <div class="flag-channels">
      <h4>Given on the command line</h4>
      <ul class="channel-list" data-testid="channel-flag-list">
        {channels.map((s) => (
          <li key={s.id} class="channel read-only" data-testid="channel-flag" data-channel-id={s.id} data-channel-type={s.type}>
            <div class="channel-head">
              <span class="channel-flag-name">{s.name}</span>
              <span class="channel-type">{CHANNEL_TYPE_LABEL[s.type]}</span>
              <span class="flag flag-overridden">from {FLAG[s.type] ?? 'a flag'}, this run only</span>
              <span class="channel-onoff">{s.enabled ? 'on' : 'off'}</span>
            </div>
            <ChannelStatusLine status={s} />
            <ChannelTest id={s.id} unsaved={false} edited={false} />
          </li>
        ))}
      </ul>
    </div>
  );
}
