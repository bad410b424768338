import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, settingsPatchSchema, type Settings } from '../../src/shared/settings';
import { NOTIFY_KINDS } from '../../src/shared/settings';
import { dirsFrom, draftFrom, isPristine, NOTIFY_KIND_LIST, patchFrom } from '../../src/renderer/state/views/settings-form';

const current: Settings = { ...DEFAULT_SETTINGS, claudeDirs: ['/a', '/b'] };

describe('settings form', () => {
  it('lists the same notification kinds as the schema', () => {
    expect([...NOTIFY_KIND_LIST]).toEqual([...NOTIFY_KINDS]);
  });

  it('an untouched draft is no patch', () => {
    const d = draftFrom(current);
    expect(d).toEqual({ runningWindowSec: '90', claudeDirs: '/a\n/b', kinds: { blocked: true, pr: true, done: true, error: true }, throttleSec: '20', port: '4747' });
    expect(patchFrom(d, current)).toEqual({ patch: {}, errors: {}, changed: false });
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
    expect(dirsFrom(' /a \n\n/b\r\n  ')).toEqual(['/a', '/b']);
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
});
