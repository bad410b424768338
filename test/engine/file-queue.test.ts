import { describe, expect, it } from 'vitest';
import { createFileQueue } from '../../src/engine/pipeline/file-queue';

describe('file queue', () => {
  it('coalesces a path queued while it waits, and reads once more one queued while it runs', async () => {
    const calls: string[] = [];
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const q = createFileQueue(
      async (p) => {
        calls.push(p);
        if (calls.length === 1) await gate;
      },
      () => {},
    );
    q.push('a'); // starts running at once
    q.push('b');
    q.push('b'); // coalesced with the waiting b
    q.push('a'); // a is running: it must be read again afterwards
    release();
    await q.idle();
    expect(calls).toEqual(['a', 'b', 'a']);
  });

  it('keeps going after a failing path and reports it', async () => {
    const errors: string[] = [];
    const done: string[] = [];
    const q = createFileQueue(
      async (p) => {
        if (p === 'bad') throw new Error('EACCES');
        done.push(p);
      },
      (p) => errors.push(p),
    );
    q.push('bad');
    q.push('good');
    await q.idle();
    expect(errors).toEqual(['bad']);
    expect(done).toEqual(['good']);
  });
});
