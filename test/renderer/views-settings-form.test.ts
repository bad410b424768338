import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, settingsPatchSchema, type Settings } from '../../src/shared/settings';
import { NOTIFY_KINDS } from '../../src/shared/settings';
import { draftFrom, linesFrom, isPristine, NOTIFY_KIND_LIST, patchFrom } from '../../src/renderer/state/views/settings-form';

const current: Settings = { ...DEFAULT_SETTINGS, claudeDirs: ['/a', '/b'] };

describe('settings form', () => {
  it('lists the same notification kinds as the schema', () => {
    expect([...NOTIFY_KIND_LIST]).toEqual([...NOTIFY_KINDS]);
  });

  it('an untouched draft is no patch', () => {
    const d = draftFrom(current);
    expect(d).toEqual({
      runningWindowSec: '90',
      claudeDirs: '/a\n/b',
      kinds: { blocked: true, pr: true, done: true, error: true },
      throttleSec: '20',
      port: '4747',
      jobPatterns: '',
      skipExitCode: '',
      channels: [],
      publicUrl: '',
    });
    expect(patchFrom(d, current)).toEqual({ patch: {}, errors: {}, channelErrors: {}, changed: false });
    expect(isPristine(d, current)).toBe(true);
  });

  it('sends only the changed fields, nested ones included', () => {
    const d = { ...draftFrom(current), runningWindowSec: ' 120 ', kinds: { ...draftFrom(current).kinds, done: false } };
    const r = patchFrom(d, current);
    expect(r.patch).toEqual({ runningWindowSec: 120, notifications: { kinds: { done: false } } });
    expect(r.changed).toBe(true);
    expect(settingsPatchSchema.safeParse(r.patch).success).toBe(true);
  });

  it('throttle and port', () => {
    const r = patchFrom({ ...draftFrom(current), throttleSec: '0', port: '5000' }, current);
    expect(r.patch).toEqual({ notifications: { throttleSec: 0 }, port: 5000 });
  });

  it('claude dirs: one per line, blank lines and spaces dropped, compared as a list', () => {
    expect(linesFrom(' /a \n\n/b\r\n  ')).toEqual(['/a', '/b']);
    expect(patchFrom({ ...draftFrom(current), claudeDirs: '/a\n\n /b ' }, current).patch).toEqual({});
    expect(patchFrom({ ...draftFrom(current), claudeDirs: '/b\n/a' }, current).patch).toEqual({ claudeDirs: ['/b', '/a'] });
    expect(patchFrom({ ...draftFrom(current), claudeDirs: '' }, current).patch).toEqual({ claudeDirs: [] });
  });

  it('leaves range checks to the engine (its refusal names the field) but refuses what is not a whole number', () => {
    expect(patchFrom({ ...draftFrom(current), runningWindowSec: '1' }, current).patch).toEqual({ runningWindowSec: 1 });
    const r = patchFrom({ ...draftFrom(current), port: '', throttleSec: '2.5' }, current);
    expect(r.patch).toEqual({});
    expect(r.errors).toEqual({ port: 'Port must be a whole number', throttleSec: 'Throttle must be a whole number' });
    expect(r.changed).toBe(true);
  });

  it('job patterns: one per line, blank lines ignored, sent as a list only when changed', () => {
    const withPatterns: Settings = { ...current, jobs: { patterns: ['nightly', '/bot\\.sh/i'], skipExitCode: null } };
    expect(draftFrom(withPatterns).jobPatterns).toBe('nightly\n/bot\\.sh/i');
    expect(patchFrom({ ...draftFrom(withPatterns), jobPatterns: '\n nightly \n\n/bot\\.sh/i\n' }, withPatterns).patch).toEqual({});
    const r = patchFrom({ ...draftFrom(current), jobPatterns: 'triage\n\n  review-bot  ' }, current);
    expect(r.patch).toEqual({ jobs: { patterns: ['triage', 'review-bot'] } });
    expect(settingsPatchSchema.safeParse(r.patch).success).toBe(true);
    expect(patchFrom({ ...draftFrom(withPatterns), jobPatterns: '  ' }, withPatterns).patch).toEqual({ jobs: { patterns: [] } });
  });

  it('skip exit code: a whole number, empty for none', () => {
    const r = patchFrom({ ...draftFrom(current), skipExitCode: ' 75 ' }, current);
    expect(r.patch).toEqual({ jobs: { skipExitCode: 75 } });
    expect(settingsPatchSchema.safeParse(r.patch).success).toBe(true);
    const set: Settings = { ...current, jobs: { patterns: [], skipExitCode: 75 } };
    expect(draftFrom(set).skipExitCode).toBe('75');
    expect(patchFrom(draftFrom(set), set)).toEqual({ patch: {}, errors: {}, channelErrors: {}, changed: false });
    const cleared = patchFrom({ ...draftFrom(set), skipExitCode: '' }, set);
    expect(cleared.patch).toEqual({ jobs: { skipExitCode: null } });
    expect(settingsPatchSchema.safeParse(cleared.patch).success).toBe(true);
    const both = patchFrom({ ...draftFrom(set), skipExitCode: '3', jobPatterns: 'x' }, set);
    expect(both.patch).toEqual({ jobs: { patterns: ['x'], skipExitCode: 3 } });
    const bad = patchFrom({ ...draftFrom(current), skipExitCode: '7.5' }, current);
    expect(bad.patch).toEqual({});
    expect(bad.errors).toEqual({ skipExitCode: 'Skip exit code must be a whole number, or empty for none' });
    expect(bad.changed).toBe(true);
  });
});
