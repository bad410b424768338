// @vitest-environment node
/**
 * `lantern serve`'s desktop notifier with a fake toast function: every alert shown with its title
 * and body, agent text made safe for notify-send, failures logged once per kind and never thrown
 * into the bus; and when a desktop session counts as available.
 */
import { describe, expect, it } from 'vitest';
import { createBus } from '../../src/engine/bus';
import type { Logger } from '../../src/engine/logger';
import { desktopSessionAvailable, startDesktopNotifier, toastOf, type Toast } from '../../src/node-host/desktop-notifier';
import { testAlert } from '../helpers/alerts';
import { waitFor } from '../helpers/wait-for';

const alert = testAlert;

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const log = (level: string) => (msg: string, fields?: Record<string, unknown>) => void lines.push(`${level} ${msg} ${JSON.stringify(fields ?? {})}`);
  return { lines, info: log('info'), warn: log('warn'), error: log('error') };
}

describe('desktop notifier', () => {
  it('shows every alert with its title and body', async () => {
    const bus = createBus();
    const shown: Toast[] = [];
    const n = startDesktopNotifier({ bus, logger: recordingLogger(), show: async (t) => void shown.push(t), platform: 'linux' });
    bus.emit('alert', alert());
    bus.emit('alert', alert({ id: 2, title: '3 agents need you', body: 'a: x\nb: y\nc: z' }));
    expect(shown).toEqual([
      { title: 'payments-api', message: 'Claude needs your permission to use Bash' },
      { title: '3 agents need you', message: 'a: x\nb: y\nc: z' },
    ]);
    n.stop();
    bus.emit('alert', alert({ id: 3 }));
    expect(shown).toHaveLength(2);
  });

  it('logs a failure once per kind, and never throws into the bus', async () => {
    const errors: unknown[] = [];
    const bus = createBus((err) => errors.push(err));
    const logger = recordingLogger();
    let calls = 0;
    startDesktopNotifier({
      bus,
      logger,
      platform: 'linux',
      show: (t) => {
        calls++;
        if (t.title === 'sync') throw new Error('spawn failed');
        return Promise.reject(Object.assign(new Error('notify-send must be installed on the system.'), { code: 'ENOENT' }));
      },
    });
    for (let i = 0; i < 3; i++) bus.emit('alert', alert({ id: i }));
    bus.emit('alert', alert({ id: 9, title: 'sync' }));
    bus.emit('alert', alert({ id: 10, title: 'sync' }));
    await waitFor(() => logger.lines.length >= 2, 2000, 'the failures to be logged');
    expect(calls).toBe(5);
    expect(errors).toEqual([]);
    expect(logger.lines).toHaveLength(2);
    expect(logger.lines[0]).toMatch(/^warn desktop notification failed .*spawn failed/);
    expect(logger.lines[1]).toMatch(/notify-send must be installed/);
  });

  it('makes agent text safe for notify-send: no markup, no option-like start, no control characters', () => {
    const hostile = alert({ title: '--help', body: '-u critical <a href="x">&click</a>\u0007' });
    expect(toastOf(hostile, 'linux')).toEqual({ title: '\u200b--help', message: '\u200b-u critical &lt;a href="x"&gt;&amp;click&lt;/a&gt;' });
    // Notification Center and toasts show text as text.
    expect(toastOf(hostile, 'darwin').message).toBe('\u200b-u critical <a href="x">&click</a>');
    expect(toastOf(alert({ title: ' ', body: '' }), 'win32')).toEqual({ title: 'Lantern', message: 'Lantern' });
  });

  it('counts a desktop session as available on macOS and Windows, on Linux with a display or session bus', () => {
    expect(desktopSessionAvailable({}, 'darwin')).toBe(true);
    expect(desktopSessionAvailable({}, 'win32')).toBe(true);
    expect(desktopSessionAvailable({}, 'linux')).toBe(false);
    expect(desktopSessionAvailable({ DISPLAY: ':0' }, 'linux')).toBe(true);
    expect(desktopSessionAvailable({ WAYLAND_DISPLAY: 'wayland-0' }, 'linux')).toBe(true);
    expect(desktopSessionAvailable({ DBUS_SESSION_BUS_ADDRESS: 'unix:path=/run/user/1000/bus' }, 'freebsd')).toBe(true);
    expect(desktopSessionAvailable({ SSH_CONNECTION: '1.2.3.4 5 6.7.8.9 22' }, 'linux')).toBe(false);
  });
});
