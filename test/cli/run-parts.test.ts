import { describe, expect, it } from 'vitest';
import { createLineScanner } from '../../src/cli/run/line-scanner';
import { runOutcome, wrapperExitCode } from '../../src/cli/run/outcome';
import { planSession } from '../../src/cli/run/session-args';
import { createStreamJsonWatcher } from '../../src/cli/run/stream-json';

const ID = '99999999-9999-4999-8999-999999999999';
const plan = (cmd: string[]) => planSession(cmd, () => ID);

describe('planSession', () => {
  it('injects --session-id for claude and claude.exe only', () => {
    expect(plan(['claude', '-p', 'hi'])).toEqual({ sessionId: ID, command: ['claude', '-p', 'hi', '--session-id', ID], injected: true });
    expect(plan(['/opt/bin/claude'])).toMatchObject({ command: ['/opt/bin/claude', '--session-id', ID] });
    expect(plan(['C:\\Tools\\claude.exe', '-p', 'x']).command).toEqual(['C:\\Tools\\claude.exe', '-p', 'x', '--session-id', ID]);
    expect(plan(['claude', '-p', '--', '--weird prompt']).command).toEqual(['claude', '-p', '--session-id', ID, '--', '--weird prompt']);
    expect(plan(['claudette', '-p'])).toEqual({ sessionId: ID, command: ['claudette', '-p'], injected: false });
    expect(plan(['npx', 'claude'])).toMatchObject({ injected: false });
  });

  it('leaves the caller’s own session choice alone', () => {
    const X = '12345678-1234-4234-8234-123456789012';
    expect(plan(['claude', '--session-id', X, '-p', 'hi'])).toEqual({ sessionId: X, command: ['claude', '--session-id', X, '-p', 'hi'], injected: false });
    expect(plan(['claude', `--session-id=${X}`])).toMatchObject({ sessionId: X, injected: false });
    expect(plan(['claude', '--resume', X])).toMatchObject({ sessionId: X, injected: false });
    expect(plan(['claude', '-r', X, '--fork-session'])).toMatchObject({ sessionId: ID, injected: false });
    expect(plan(['claude', '-r'])).toMatchObject({ sessionId: ID, injected: false });
    expect(plan(['claude', '--continue', '-p', 'go'])).toMatchObject({ sessionId: ID, injected: false, command: ['claude', '--continue', '-p', 'go'] });
    expect(plan(['claude', '-c'])).toMatchObject({ injected: false });
  });
});

describe('line scanner', () => {
  it('splits across chunks and skips lines over the cap without buffering them', () => {
    const got: string[] = [];
    const s = createLineScanner((l) => got.push(l.toString()), 10);
    for (const c of ['ab', 'c\nde', 'f\n0123456789', 'X', 'YZ\nlast', '\n', 'tail']) s.push(Buffer.from(c));
    s.end();
    expect(got).toEqual(['abc', 'def', 'last', 'tail']);
  });
});

describe('stream-json watcher', () => {
  it('finds init and result lines among anything else, the last result winning', () => {
    const seen: string[] = [];
    const w = createStreamJsonWatcher((id) => seen.push(id));
    const lines = [
      'plain text "result" {',
      '{"type":"system","subtype":"init","session_id":"s-real"}',
      '{"type":"result","subtype":"error_max_turns","is_error":true,"num_turns":1,"session_id":"s-real"}',
      '  {"type":"result","subtype":"success","is_error":false,"total_cost_usd":1.5,"num_turns":2,"duration_ms":9,"modelUsage":{"m":{"inputTokens":1,"outputTokens":2}},"permission_denials":[{"tool_name":"Bash"}]}',
    ];
    w.push(Buffer.from(lines.join('\n')));
    w.end();
    expect(seen).toEqual(['s-real']);
    expect(w.observed()).toEqual({
      sessionId: 's-real',
      result: {
        subtype: 'success',
        isError: false,
        totalCostUsd: 1.5,
        numTurns: 2,
        durationMs: 9,
        modelUsage: { m: { inputTokens: 1, outputTokens: 2, cacheReadInputTokens: 0, cacheCreationInputTokens: 0, costUSD: 0 } },
        permissionDenials: [{ toolName: 'Bash', toolUseId: null }],
      },
    });
  });

  it('has nothing to say about output without stream-json', () => {
    const w = createStreamJsonWatcher();
    w.push(Buffer.from('hello\nworld\n{"type":"result"'));
    w.end();
    expect(w.observed()).toEqual({ sessionId: null, result: null });
  });
});

describe('outcome', () => {
  const at = new Date('2026-01-01T00:00:00.000Z');
  it('classifies exits and computes the wrapper exit code', () => {
    expect(runOutcome({ code: 0, signal: null, forwarded: null }, 4, null, at)).toEqual({ exitCode: 0, signal: null, kind: 'success', endedAt: at.toISOString() });
    expect(runOutcome({ code: 4, signal: null, forwarded: null }, 4, null, at).kind).toBe('skipped');
    expect(runOutcome({ code: 4, signal: null, forwarded: null }, null, null, at).kind).toBe('failed');
    expect(runOutcome({ code: null, signal: 'SIGKILL', forwarded: null }, null, null, at)).toMatchObject({ kind: 'killed', signal: 'SIGKILL' });
    expect(runOutcome({ code: 143, signal: null, forwarded: 'SIGTERM' }, null, null, at)).toMatchObject({ kind: 'killed', signal: 'SIGTERM', exitCode: 143 });
    expect(runOutcome({ code: 143, signal: null, forwarded: null }, null, null, at).kind).toBe('failed');
    expect(wrapperExitCode({ code: null, signal: 'SIGTERM' })).toBe(143);
    expect(wrapperExitCode({ code: null, signal: 'SIGINT' })).toBe(130);
    expect(wrapperExitCode({ code: 7, signal: null })).toBe(7);
  });
});
