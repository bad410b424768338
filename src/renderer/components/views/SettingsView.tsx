/**
 * View 4: the options the engine exposes. Saves only what changed; the engine checks the values
 * and its refusal (naming the field) is shown next to the form. Fields a command-line flag set for
 * this run are read-only; fields that only apply at start say so.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import '../../styles/views.css';
import type { NotifyKind, SettingKey, SettingsView as SettingsViewModel } from '../../../shared/settings';
import { useApp } from '../../context';
import { errorText } from '../../transport/engine-client';
import { channelIndexOf } from '../../state/views/channel-drafts';
import { draftFrom, isPristine, NOTIFY_KIND_LIST, NOTIFY_LABEL, patchFrom, type SettingsDraft } from '../../state/views/settings-form';
import { ChannelsSettings } from './ChannelsSettings';
import { WatchedRoots } from './WatchedRoots';

type Message = { kind: 'ok' | 'error'; text: string } | null;

/** A whole-number field; the text goes to the draft as typed, the engine judges the range. */
function WholeNumberInput(p: { id: string; min: number; max: number; value: string; disabled?: boolean; invalid: boolean; describedBy?: string; onValue(v: string): void }) {
  return (
    <input
      id={p.id}
      data-testid={p.id}
      type="number"
      inputMode="numeric"
      min={p.min}
      max={p.max}
      step={1}
      value={p.value}
      disabled={p.disabled}
      aria-invalid={p.invalid ? 'true' : undefined}
      aria-describedby={p.describedBy}
      onInput={(e) => p.onValue((e.currentTarget as HTMLInputElement).value)}
    />
  );
}

export function SettingsView() {
  const { store, client, dispatch } = useApp();
  const view = store.settings.value;
  const [loadError, setLoadError] = useState<string | null>(null);

  const load = () => {
    setLoadError(null);
    client.getSettings().then(
      (v) => dispatch({ type: 'settings', view: v }),
      (err: unknown) => setLoadError(errorText(err)),
    );
  };
  useEffect(() => {
    if (!store.settings.value) load();
    // Once, on mount: later changes arrive on the feed.
  }, []);

  return (
    <section class="view settings-view" aria-label="Settings" data-testid="settings-view">
      <h2>Settings</h2>
      {view ? (
        <SettingsForm view={view} />
      ) : loadError ? (
        <p class="error-text" role="alert">
          Could not read the settings: {loadError}{' '}
          <button type="button" class="chip" onClick={load}>
            retry
          </button>
        </p>
      ) : (
        <p class="muted">Reading settings…</p>
      )}
    </section>
  );
}

function SettingsForm({ view }: { view: SettingsViewModel }) {
  const { client, dispatch } = useApp();
  const [draft, setDraft] = useState<SettingsDraft>(() => draftFrom(view.settings));
  const [base, setBase] = useState(view.settings);
  const [saving, setSaving] = useState(false);
  const [message, setMessage] = useState<Message>(null);
  /** The channel a refusal named (`notifications.channels.1.url: …`), shown on its card until the next edit. */
  const [channelRefusal, setChannelRefusal] = useState<{ index: number; text: string } | null>(null);

  // Settings changed elsewhere (another window, the tray menu): take them unless something is typed.
  useEffect(() => {
    if (view.settings === base) return;
    if (isPristine(draft, base)) setDraft(draftFrom(view.settings));
    setBase(view.settings);
  }, [view.settings]);

  const { patch, errors, channelErrors, changed } = patchFrom(draft, view.settings);
  const overridden = (k: SettingKey) => view.overridden.includes(k);
  const restart = (k: SettingKey) => view.restartRequired.includes(k);
  const edit = (d: Partial<SettingsDraft>) => {
    setDraft((prev) => ({ ...prev, ...d }));
    if (message?.kind === 'ok') setMessage(null);
    setChannelRefusal(null);
  };

  const save = async (e: Event) => {
    e.preventDefault();
    if (saving) return;
    const firstError = Object.values(errors)[0];
    if (firstError) return setMessage({ kind: 'error', text: firstError });
    if (!changed) return setMessage({ kind: 'ok', text: 'Nothing to save: no setting changed.' });
    setSaving(true);
    setMessage(null);
    try {
      const next = await client.updateSettings(patch);
      dispatch({ type: 'settings', view: next });
      setDraft(draftFrom(next.settings));
      setBase(next.settings);
      setMessage({ kind: 'ok', text: 'Saved' });
    } catch (err) {
      const text = errorText(err);
      const index = channelIndexOf(text);
      setChannelRefusal(index === null ? null : { index, text });
      setMessage({ kind: 'error', text });
    } finally {
      setSaving(false);
    }
  };

  return (
    <form class="settings-form" onSubmit={(e) => void save(e)} noValidate aria-describedby="settings-message-area">
      <Field id="setting-running-window" label="Running window" unit="seconds" k="runningWindowSec" overridden={overridden} restart={restart} error={errors.runningWindowSec}
        help="An agent whose transcript was written this recently counts as running (5 – 86400).">
        <WholeNumberInput id="setting-running-window" min={5} max={86_400} value={draft.runningWindowSec} disabled={overridden('runningWindowSec')} invalid={Boolean(errors.runningWindowSec)} onValue={(runningWindowSec) => edit({ runningWindowSec })} />
      </Field>

      <Field id="setting-claude-dirs" label="Extra Claude Code config dirs" unit="one path per line" k="claudeDirs" overridden={overridden} restart={restart}
        help="Read besides the discovered ones ($CLAUDE_CONFIG_DIR, ~/.claude, ~/.config/claude).">
        <textarea
          id="setting-claude-dirs"
          data-testid="setting-claude-dirs"
          rows={3}
          spellcheck={false}
          class="mono"
          value={draft.claudeDirs}
          disabled={overridden('claudeDirs')}
          onInput={(e) => edit({ claudeDirs: (e.currentTarget as HTMLTextAreaElement).value })}
        />
      </Field>

      <fieldset class="setting notify" disabled={overridden('notifications')}>
        <legend>
          Notifications <Flags k="notifications" overridden={overridden} restart={restart} />
        </legend>
        <h4 class="notify-here">On this computer</h4>
        <div class="notify-kinds" role="group" aria-label="Notifications on this computer">
          {NOTIFY_KIND_LIST.map((k: NotifyKind) => (
            <label key={k} class="check" for={`setting-notify-${k}`}>
              <input
                id={`setting-notify-${k}`}
                data-testid={`setting-notify-${k}`}
                type="checkbox"
                checked={draft.kinds[k]}
                onChange={(e) => edit({ kinds: { ...draft.kinds, [k]: (e.currentTarget as HTMLInputElement).checked } })}
              />
              <span>
                <span class="mono">{k}</span> — {NOTIFY_LABEL[k]}
              </span>
            </label>
          ))}
        </div>
        <div class="field">
          <label for="setting-throttle">
            Throttle <span class="unit">seconds</span>
          </label>
          <WholeNumberInput id="setting-throttle" min={0} max={3600} value={draft.throttleSec} invalid={Boolean(errors.throttleSec)} describedBy="setting-throttle-help" onValue={(throttleSec) => edit({ throttleSec })} />
          <p class="help" id="setting-throttle-help">
            At most one alert per agent in this many seconds, here and on every channel; bursts are coalesced (0 – 3600).
          </p>
          {errors.throttleSec && <p class="field-error">{errors.throttleSec}</p>}
        </div>
        <ChannelsSettings
          drafts={draft.channels}
          saved={view.settings.notifications.channels}
          publicUrl={draft.publicUrl}
          errors={channelRefusal ? { ...channelErrors, [channelRefusal.index]: channelRefusal.text } : channelErrors}
          onChannels={(channels) => edit({ channels })}
          onPublicUrl={(publicUrl) => edit({ publicUrl })}
        />
      </fieldset>

      <fieldset class="setting jobs" disabled={overridden('jobs')}>
        <legend>
          Scheduled jobs <Flags k="jobs" overridden={overridden} restart={restart} />
        </legend>
        <div class="field">
          <label for="setting-job-patterns">
            Job patterns <span class="unit">one per line</span>
          </label>
          <textarea
            id="setting-job-patterns"
            data-testid="setting-job-patterns"
            rows={3}
            spellcheck={false}
            class="mono"
            placeholder={'nightly-triage\n/review-bot\\.sh/i'}
            value={draft.jobPatterns}
            aria-describedby="setting-job-patterns-help"
            onInput={(e) => edit({ jobPatterns: (e.currentTarget as HTMLTextAreaElement).value })}
          />
          <p class="help" id="setting-job-patterns-help">
            A cron, systemd or launchd job whose label or command matches one of these is an agent job too: plain text (any case) or /regex/flags. Jobs
            running claude, codex, gemini or lantern run always count. Blank lines are ignored.
          </p>
        </div>
        <div class="field">
          <label for="setting-skip-exit-code">
            Skip exit code <span class="unit">1 – 255, empty for none</span>
          </label>
          <WholeNumberInput id="setting-skip-exit-code" min={1} max={255} value={draft.skipExitCode} invalid={Boolean(errors.skipExitCode)} describedBy="setting-skip-exit-code-help" onValue={(skipExitCode) => edit({ skipExitCode })} />
          <p class="help" id="setting-skip-exit-code-help">
            A job that exits with this code had nothing to do: shown as skipped, not failed.
          </p>
          {errors.skipExitCode && <p class="field-error">{errors.skipExitCode}</p>}
        </div>
      </fieldset>

      <Field id="setting-port" label="Port" unit="HTTP" k="port" overridden={overridden} restart={restart} error={errors.port}
        help="The port of `lantern serve` and the tray app’s server (0 – 65535).">
        <WholeNumberInput id="setting-port" min={0} max={65_535} value={draft.port} disabled={overridden('port')} invalid={Boolean(errors.port)} onValue={(port) => edit({ port })} />
      </Field>

      <div class="settings-actions">
        <button type="submit" class="primary" data-testid="settings-save" disabled={saving}>
          {saving ? 'Saving…' : 'Save'}
        </button>
        <button type="button" class="secondary" disabled={saving || !changed} onClick={() => {
            setDraft(draftFrom(view.settings));
            setMessage(null);
            setChannelRefusal(null);
          }}>
          Revert
        </button>
        <div id="settings-message-area" class="settings-message-area" aria-live="polite">
          {message && (
            <p class={message.kind === 'error' ? 'settings-message error-text' : 'settings-message ok'} role={message.kind === 'error' ? 'alert' : 'status'} data-testid="settings-message">
              {message.text}
            </p>
          )}
        </div>
      </div>

      <section class="settings-info" aria-label="Where settings live">
        <p>
          Saved in{' '}
          {view.path ? <code class="path">{view.path}</code> : <span>memory only (not persisted for this run)</span>}
        </p>
        <h3>Watched now</h3>
        <WatchedRoots roots={view.watchedRoots} />
      </section>
    </form>
  );
}

function Flags({ k, overridden, restart }: { k: SettingKey; overridden(k: SettingKey): boolean; restart(k: SettingKey): boolean }) {
  return (
    <>
      {overridden(k) && (
        <span class="flag flag-overridden" data-testid={`setting-overridden-${k}`}>
          set by a command-line flag for this run
        </span>
      )}
      {restart(k) && (
        <span class="flag flag-restart" data-testid={`setting-restart-${k}`}>
          applies after a restart
        </span>
      )}
    </>
  );
}

function Field(props: {
  id: string;
  label: string;
  unit?: string;
  k: SettingKey;
  help: string;
  error?: string;
  overridden(k: SettingKey): boolean;
  restart(k: SettingKey): boolean;
  children: ComponentChildren;
}) {
  return (
    <div class="setting field">
      <label for={props.id}>
        {props.label} {props.unit && <span class="unit">{props.unit}</span>}
      </label>
      <Flags k={props.k} overridden={props.overridden} restart={props.restart} />
      {props.children}
      <p class="help">{props.help}</p>
      {props.error && <p class="field-error">{props.error}</p>}
    </div>
  );
}
