import { describe, expect, it } from 'vitest';
import { MAX_DETAILS, OFFLINE_AFTER_MS, indexingFraction, statusBanners, type StatusInput } from '../../src/renderer/state/views/status';
import { fakeChannelStatus } from '../helpers/http-fake-engine';
import { health } from './helpers/agents';

const input = (over: Partial<StatusInput> = {}): StatusInput => ({ connection: 'live', connectionAgeMs: 0, loaded: true, health: health(), notice: null, ...over });
const kinds = (s: StatusInput) => statusBanners(s).map((b) => b.kind);

describe('status banners', () => {
  it('says nothing when all is well', () => {
    expect(statusBanners(input())).toEqual([]);
  });

  it('connecting before the first load, then "not answering" after a while', () => {
    expect(statusBanners(input({ connection: 'connecting', loaded: false, health: null }))).toEqual([{ kind: 'connecting', tone: 'info', text: 'Connecting…' }]);
    const [b] = statusBanners(input({ connection: 'connecting', loaded: false, health: null, connectionAgeMs: OFFLINE_AFTER_MS }));
    expect(b.kind).toBe('offline');
    expect(b.tone).toBe('alert');
    // Loaded already (snapshot read, the feed still opening): nothing to say.
    expect(kinds(input({ connection: 'connecting', loaded: true }))).toEqual([]);
  });

  it('an alert channel that lost an alert is an alert banner naming it and its error, until it delivers again', () => {
    const ok = fakeChannelStatus('phone', { name: 'Phone' });
    expect(kinds(input({ channels: [ok] }))).toEqual([]);
    const failing = fakeChannelStatus('phone', { name: 'Phone', failures: 2, dropped: 2, lastError: 'connection refused (127.0.0.1:9)' });
    const [b] = statusBanners(input({ channels: [failing, fakeChannelStatus('mail', { name: 'Mail', failures: 1, lastError: 'SMTP 535' })] }));
    expect(b).toMatchObject({ kind: 'channels-failing', tone: 'alert' });
    expect(b.text).toBe('Alerts to “Phone” are failing (and 1 other channel): connection refused (127.0.0.1:9). See Settings → Alert channels.');
    expect(b.details).toHaveLength(2);
    // Switched off, or delivering again (failures back to 0): no banner.
    expect(kinds(input({ channels: [{ ...failing, enabled: false }] }))).toEqual([]);
    expect(kinds(input({ channels: [{ ...failing, failures: 0 }] }))).toEqual([]);
  });

  it('connection lost is an alert that says it reconnects, and hides stale health', () => {
    const out = statusBanners(input({ connection: 'reconnecting', health: health({ watching: false }) }));
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ kind: 'reconnecting', tone: 'alert' });
    expect(out[0].text).toMatch(/^Connection lost — reconnecting…/);
  });

  it('indexing: N of M files with a percentage (bytes when known) and progress', () => {
    const [b] = statusBanners(input({ health: health({ indexing: { done: false, files: 200, filesDone: 50, bytes: 1000, bytesDone: 400 } }) }));
    expect(b.kind).toBe('indexing');
    expect(b.text).toMatch(/^Indexing 50 of 200 files \(40%\)/);
    expect(b.progress).toBeCloseTo(0.4);
    expect(b.tone).toBe('info');
  });

  it('indexing fraction falls back to files, and is 0 with nothing to do', () => {
    expect(indexingFraction({ done: false, files: 4, filesDone: 1, bytes: 0, bytesDone: 0 })).toBe(0.25);
    expect(indexingFraction({ done: false, files: 0, filesDone: 0, bytes: 0, bytesDone: 0 })).toBe(0);
    expect(indexingFraction({ done: false, files: 1, filesDone: 1, bytes: 10, bytesDone: 20 })).toBe(1);
  });

  it('not watching only once indexing is done, with the reason when there is one', () => {
    expect(kinds(input({ health: health({ watching: false, indexing: { done: false, files: 2, filesDone: 1, bytes: 0, bytesDone: 0 } }) }))).toEqual(['indexing']);
    const [b] = statusBanners(input({ health: health({ watching: false }) }));
    expect(b.kind).toBe('not-watching');
    expect(b.text).toMatch(/^Not watching for changes: /);
    const [c] = statusBanners(input({ health: health({ watching: false, sources: [{ kind: 'claude', root: '/home/x/.claude', exists: true, error: 'EMFILE' }] }) }));
    expect(c.text).toContain('/home/x/.claude: EMFILE');
    const [d] = statusBanners(input({ health: health({ watching: false, sources: [{ kind: 'claude', root: '/nope', exists: false }] }) }));
    expect(d.text).toContain('none of the watched folders exists (/nope)');
  });

  it('a notice is dismissible', () => {
    const [b] = statusBanners(input({ notice: 'settings refused' }));
    expect(b).toEqual({ kind: 'notice', tone: 'info', text: 'settings refused', dismissible: true });
  });

  it('unreadable files and malformed lines are one quiet note, with the files as details', () => {
    const fileErrors = Array.from({ length: MAX_DETAILS + 2 }, (_, i) => ({ path: `/p/${i}.jsonl`, error: 'EACCES' }));
    const [b] = statusBanners(input({ health: health({ fileErrors, totals: { agents: 1, events: 1, unparsed: 3, files: 30, fileErrors: fileErrors.length } }) }));
    expect(b.kind).toBe('file-errors');
    expect(b.tone).toBe('quiet');
    expect(b.text).toBe(`${MAX_DETAILS + 2} files could not be read · 3 malformed lines skipped`);
    expect(b.details).toHaveLength(MAX_DETAILS + 1);
    expect(b.details?.[0]).toBe('/p/0.jsonl: EACCES');
    expect(b.details?.[MAX_DETAILS]).toBe('… and 2 more');
    const [one] = statusBanners(input({ health: health({ totals: { agents: 1, events: 1, unparsed: 1, files: 1, fileErrors: 0 } }) }));
    expect(one).toEqual({ kind: 'file-errors', tone: 'quiet', text: '1 malformed line skipped' });
  });

  it('orders the most urgent first', () => {
    expect(kinds(input({ notice: 'x', health: health({ watching: false, totals: { agents: 1, events: 1, unparsed: 2, files: 1, fileErrors: 0 } }) }))).toEqual(['not-watching', 'notice', 'file-errors']);
    expect(kinds(input({ connection: 'reconnecting', notice: 'x' }))).toEqual(['reconnecting', 'notice']);
  });
});
