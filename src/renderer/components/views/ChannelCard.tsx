/**
 * One alert channel in the Settings form: name, type, an enabled switch, the four alert kinds,
 * the type's fields, its status and a test button. Secret inputs (URLs, header values, the SMTP
 * password) are password fields that start empty; a saved secret shows only as a placeholder.
 */
import type { ChannelStatus } from '../../../shared/channels';
import type { NotifyKind } from '../../../shared/settings';
import { CHANNEL_TYPE_LABEL, headerDraft, SECURITY_LIST, type ChannelDraft, type HeaderDraft } from '../../state/views/channel-drafts';
import { NOTIFY_KIND_LIST } from '../../state/views/settings-form';
import { ChannelStatusLine, ChannelTest } from './ChannelStatus';

export const KEPT_PLACEHOLDER = 'saved — leave empty to keep';

const KIND_SHORT: Record<NotifyKind, string> = { blocked: 'blocked', pr: 'PR opened', done: 'done', error: 'error' };

const URL_PLACEHOLDER: Record<Exclude<ChannelDraft['type'], 'email'>, string> = {
  webhook: 'https://example.com/hooks/lantern',
  ntfy: 'https://ntfy.sh/your-topic',
  slack: 'https://hooks.slack.com/services/…',
  discord: 'https://discord.com/api/webhooks/…',
};

const SECURITY_LABEL: Record<(typeof SECURITY_LIST)[number], string> = {
  starttls: 'STARTTLS (port 587)',
  tls: 'TLS (port 465)',
  none: 'none (a local relay only)',
};

const value = (e: Event) => (e.currentTarget as HTMLInputElement).value;

export interface ChannelCardProps {
  draft: ChannelDraft;
  /** Saved in the settings in effect (with the same type): its secrets may be kept, and it can be tested. */
  saved: boolean;
  /** The draft differs from what is saved. */
  edited: boolean;
  status: ChannelStatus | undefined;
  error: string | undefined;
  onChange(d: ChannelDraft): void;
  onRemove(): void;
}

export function ChannelCard({ draft: d, saved, edited, status, error, onChange, onRemove }: ChannelCardProps) {
  const pre = `channel-${d.id}`;
  const set = (patch: Partial<ChannelDraft>) => onChange({ ...d, ...patch });
  return (
    <li class={error ? 'channel invalid' : 'channel'} data-testid="channel" data-channel-id={d.id} data-channel-type={d.type} data-saved={saved ? 'true' : 'false'}>
      <div class="channel-head">
        <input
          id={`${pre}-name`}
          data-testid="channel-name"
          class="channel-name"
          type="text"
          aria-label="Channel name"
          maxLength={100}
          value={d.name}
          onInput={(e) => set({ name: value(e) })}
        />
        <span class="channel-type" data-testid="channel-type">
          {CHANNEL_TYPE_LABEL[d.type]}
        </span>
        <span class="mono channel-id">{d.id}</span>
        <label class="check switch" for={`${pre}-enabled`}>
          <input id={`${pre}-enabled`} data-testid="channel-enabled" type="checkbox" role="switch" checked={d.enabled} onChange={(e) => set({ enabled: (e.currentTarget as HTMLInputElement).checked })} />
          <span>{d.enabled ? 'on' : 'off'}</span>
        </label>
        <button type="button" class="chip channel-remove" data-testid="channel-remove" onClick={onRemove}>
          Remove
        </button>
      </div>

      <div class="channel-kinds" role="group" aria-label="Alerts this channel sends">
        {NOTIFY_KIND_LIST.map((k) => (
          <label key={k} class="check" for={`${pre}-kind-${k}`}>
            <input id={`${pre}-kind-${k}`} data-testid={`channel-kind-${k}`} type="checkbox" checked={d.kinds[k]} onChange={(e) => set({ kinds: { ...d.kinds, [k]: (e.currentTarget as HTMLInputElement).checked } })} />
            <span>{KIND_SHORT[k]}</span>
          </label>
        ))}
      </div>

      {d.type === 'email' ? <EmailFields d={d} pre={pre} set={set} /> : <UrlFields d={d} pre={pre} set={set} />}

      {error && (
        <p class="field-error" data-testid="channel-error" role="alert">
          {error}
        </p>
      )}
      <ChannelStatusLine status={status} />
      <ChannelTest id={d.id} unsaved={!saved} edited={edited} />
    </li>
  );
}

type FieldsProps = { d: ChannelDraft; pre: string; set(patch: Partial<ChannelDraft>): void };

/** A password field for a secret: empty, with the "saved" placeholder when the view kept one. */
function SecretInput(p: { id: string; testid: string; kept: boolean; value: string; placeholder?: string; label?: string; onValue(v: string): void }) {
  return (
    <input
      id={p.id}
      data-testid={p.testid}
      type="password"
      autocomplete="new-password"
      spellcheck={false}
      aria-label={p.label}
      placeholder={p.kept ? KEPT_PLACEHOLDER : p.placeholder}
      data-kept={p.kept ? 'true' : 'false'}
      value={p.value}
      onInput={(e) => p.onValue(value(e))}
    />
  );
}

function UrlFields({ d, pre, set }: FieldsProps) {
  const type = d.type as keyof typeof URL_PLACEHOLDER;
  const setHeader = (i: number, h: Partial<HeaderDraft>) => set({ headers: d.headers.map((x, j) => (j === i ? { ...x, ...h } : x)) });
  return (
    <>
      <div class="field">
        <label for={`${pre}-url`}>
          URL <span class="unit">{d.type === 'ntfy' ? 'the topic' : 'a secret'}</span>
        </label>
        <SecretInput id={`${pre}-url`} testid="channel-url" kept={d.urlKept} value={d.url} placeholder={URL_PLACEHOLDER[type]} onValue={(url) => set({ url })} />
      </div>
      {(d.type === 'webhook' || d.type === 'ntfy') && (
        <div class="field channel-headers">
          <span class="label">
            Headers <span class="unit">values are secrets (e.g. Authorization)</span>
          </span>
          {d.headers.map((h, i) => (
            <div key={h.key} class="header-row" data-testid="channel-header">
              <input
                data-testid="channel-header-name"
                type="text"
                class="mono"
                spellcheck={false}
                aria-label="Header name"
                placeholder="Authorization"
                value={h.name}
                onInput={(e) => setHeader(i, { name: value(e) })}
              />
              <SecretInput id={`${pre}-header-${h.key}`} testid="channel-header-value" label="Header value" kept={h.keptName !== null} value={h.value} placeholder="Bearer …" onValue={(v) => setHeader(i, { value: v })} />
              <button type="button" class="chip" data-testid="channel-header-remove" aria-label={`Remove header ${h.name}`} onClick={() => set({ headers: d.headers.filter((_, j) => j !== i) })}>
                ✕
              </button>
            </div>
          ))}
          <button type="button" class="chip add-header" data-testid="channel-header-add" onClick={() => set({ headers: [...d.headers, headerDraft()] })}>
            Add header
          </button>
        </div>
      )}
    </>
  );
}

function EmailFields({ d, pre, set }: FieldsProps) {
  const text = (key: 'host' | 'user' | 'from', label: string, placeholder: string, inputMode: 'text' | 'email' = 'text') => (
    <div class="field">
      <label for={`${pre}-${key}`}>{label}</label>
      <input id={`${pre}-${key}`} data-testid={`channel-${key}`} type="text" inputMode={inputMode} spellcheck={false} placeholder={placeholder} value={d[key]} onInput={(e) => set({ [key]: value(e) })} />
    </div>
  );
  return (
    <div class="email-fields">
      {text('host', 'SMTP server', 'smtp.example.com')}
      <div class="field">
        <label for={`${pre}-port`}>Port</label>
        <input id={`${pre}-port`} data-testid="channel-port" type="number" inputMode="numeric" min={1} max={65_535} step={1} value={d.port} onInput={(e) => set({ port: value(e) })} />
      </div>
      <div class="field">
        <label for={`${pre}-security`}>Security</label>
        <select id={`${pre}-security`} data-testid="channel-security" value={d.security} onChange={(e) => set({ security: (e.currentTarget as HTMLSelectElement).value as ChannelDraft['security'] })}>
          {SECURITY_LIST.map((s) => (
            <option key={s} value={s}>
              {SECURITY_LABEL[s]}
            </option>
          ))}
        </select>
      </div>
      {text('user', 'User', 'empty: no login')}
      <div class="field">
        <label for={`${pre}-password`}>Password</label>
        <SecretInput id={`${pre}-password`} testid="channel-password" kept={d.passwordKept} value={d.password} onValue={(password) => set({ password })} />
      </div>
      {text('from', 'From', 'lantern@example.com', 'email')}
      <div class="field wide">
        <label for={`${pre}-to`}>
          To <span class="unit">addresses, separated by commas or new lines</span>
        </label>
        <textarea id={`${pre}-to`} data-testid="channel-to" rows={2} spellcheck={false} class="mono" value={d.to} onInput={(e) => set({ to: (e.currentTarget as HTMLTextAreaElement).value })} />
      </div>
    </div>
  );
}
