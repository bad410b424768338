import { describe, expect, it } from 'vitest';
import { commandFor, KEY_HELP } from '../../src/renderer/keys/keymap';

describe('keymap', () => {
  it('maps the vim-style keys', () => {
    expect(commandFor({ key: 'j' })).toEqual({ type: 'move', by: 1 });
    expect(commandFor({ key: 'k' })).toEqual({ type: 'move', by: -1 });
    expect(commandFor({ key: 'g' })).toEqual({ type: 'moveTo', where: 'first' });
    expect(commandFor({ key: 'G' })).toEqual({ type: 'moveTo', where: 'last' });
    expect(commandFor({ key: 'Enter' })).toEqual({ type: 'open' });
    expect(commandFor({ key: 'o' })).toEqual({ type: 'open' });
    expect(commandFor({ key: 'Escape' })).toEqual({ type: 'back' });
    expect(commandFor({ key: '/' })).toEqual({ type: 'search' });
    expect(commandFor({ key: 'f' })).toEqual({ type: 'follow' });
    expect(commandFor({ key: '?' })).toEqual({ type: 'help' });
  });

  it('switches views with 1-5 and nothing else', () => {
    expect(['1', '2', '3', '4', '5'].map((key) => commandFor({ key }))).toEqual([
      { type: 'view', view: 'agents' },
      { type: 'view', view: 'issues' },
      { type: 'view', view: 'live' },
      { type: 'view', view: 'settings' },
      { type: 'view', view: 'jobs' },
    ]);
    expect(commandFor({ key: '6' })).toBeNull();
    expect(commandFor({ key: '0' })).toBeNull();
  });

  it('leaves typing in a field alone, except Esc', () => {
    expect(commandFor({ key: 'j', inField: true })).toBeNull();
    expect(commandFor({ key: '/', inField: true })).toBeNull();
    expect(commandFor({ key: 'Escape', inField: true })).toEqual({ type: 'back' });
  });

  it('leaves browser shortcuts alone', () => {
    expect(commandFor({ key: 'f', ctrlKey: true })).toBeNull();
    expect(commandFor({ key: 'k', metaKey: true })).toBeNull();
    expect(commandFor({ key: 'g', altKey: true })).toBeNull();
  });

  it('lists every bound key in the help', () => {
    const text = KEY_HELP.map((k) => k.keys).join(' ');
    for (const key of ['j', 'k', 'g', 'G', 'Enter', 'o', 'Esc', '/', '1', '4', '5', 'f', '?']) expect(text).toContain(key);
  });
});
