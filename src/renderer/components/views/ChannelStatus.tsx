/**
 * How one alert channel is doing (from the notify state, which the engine pushes after every
 * delivery): where it sends (no secrets), when it last sent, its last error in red, counts; and a
 * "Send test alert" button with its answer beside it.
 */
import { useState } from 'preact/hooks';
import type { ChannelStatus as ChannelStatusModel } from '../../../shared/channels';
import { age } from '../../format/format';
import { useApp } from '../../context';
import { errorText } from '../../transport/engine-client';
import { useNow } from '../use-now';

type TestState = { state: 'sending' } | { state: 'ok' } | { state: 'error'; text: string };

export function ChannelStatusLine({ status }: { status: ChannelStatusModel | undefined }) {
  const now = useNow(10_000);
  if (!status) {
    return (
      <p class="channel-status none" data-testid="channel-status" data-known="false">
        No deliveries yet.
      </p>
    );
  }
  const ago = (iso: string | null) => (iso ? `${age(iso, now)} ago` : 'never');
  return (
    <div class="channel-status" data-testid="channel-status" data-known="true">
      <span class="channel-target mono" data-testid="channel-target" title="Where it sends (secrets left out)">
        {status.target}
      </span>
      <span data-testid="channel-last-sent">last sent {ago(status.lastSentAt)}</span>
      {status.pending > 0 && <span data-testid="channel-pending">{status.pending} pending</span>}
      {(status.failures > 0 || status.dropped > 0) && (
        <span class="channel-counts" data-testid="channel-counts" data-failures={status.failures} data-dropped={status.dropped}>
          {status.failures} failed in a row · {status.dropped} dropped
        </span>
      )}
      {status.lastError && (
        <span class="channel-last-error error-text" data-testid="channel-last-error">
          last error {ago(status.lastErrorAt)}: {status.lastError}
        </span>
      )}
    </div>
  );
}

/** The test button; `unsaved` disables it (the engine can only test what is saved). */
export function ChannelTest({ id, unsaved, edited }: { id: string; unsaved: boolean; edited: boolean }) {
  const { client, dispatch } = useApp();
  const [test, setTest] = useState<TestState | null>(null);
  const send = async () => {
    setTest({ state: 'sending' });
    try {
      const r = await client.testChannel(id);
      dispatch({ type: 'channelStatus', status: r.status });
      setTest(r.ok ? { state: 'ok' } : { state: 'error', text: r.error ?? 'failed' });
    } catch (err) {
      setTest({ state: 'error', text: errorText(err) });
    }
  };
  return (
    <div class="channel-test">
      <button type="button" class="chip" data-testid="channel-test" disabled={unsaved || test?.state === 'sending'} onClick={() => void send()}>
        {test?.state === 'sending' ? 'Sending…' : 'Send test alert'}
      </button>
      {unsaved ? (
        <span class="help" data-testid="channel-test-hint">
          save first
        </span>
      ) : (
        edited && (
          <span class="help" data-testid="channel-test-hint">
            tests the saved settings
          </span>
        )
      )}
      <span aria-live="polite">
        {test?.state === 'ok' && (
          <span class="channel-test-result ok" data-testid="channel-test-result" data-ok="true">
            ✓ sent
          </span>
        )}
        {test?.state === 'error' && (
          <span class="channel-test-result error-text" data-testid="channel-test-result" data-ok="false">
            ✗ {test.text}
          </span>
        )}
      </span>
    </div>
  );
}
