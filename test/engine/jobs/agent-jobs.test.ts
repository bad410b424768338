import { describe, expect, it } from 'vitest';
import { compilePatterns, isAgentJob, runsAnAgent } from '../../../src/engine/jobs/agent-jobs';

describe('runsAnAgent', () => {
  it('finds claude, codex, gemini and lantern run as programs anywhere in the line', () => {
    expect(runsAnAgent('claude -p "triage"')).toBe(true);
    expect(runsAnAgent('cd ~/repo && /usr/local/bin/codex exec fix >> log 2>&1')).toBe(true);
    expect(runsAnAgent('gemini -p hi')).toBe(true);
    expect(runsAnAgent('lantern run --tag nightly -- claude -p x')).toBe(true);
    expect(runsAnAgent('node /opt/lantern/bin/lantern.js run -- ./agent.sh')).toBe(true);
  });

  it('does not count a word that merely contains a name, or lantern without run', () => {
    expect(runsAnAgent('/usr/bin/backup --to /mnt/claude-backups')).toBe(false);
    expect(runsAnAgent('echo claudette')).toBe(false);
    expect(runsAnAgent('lantern stats --json > /tmp/s.json')).toBe(false);
    expect(runsAnAgent('certbot renew')).toBe(false);
  });
});

describe('patterns', () => {
  it('plain text is a case-insensitive substring, /…/ a regex; bad ones are reported', () => {
    const p = compilePatterns(['Nightly-Review', '/^aider\\b/i', '/(/']);
    expect(p.test('the nightly-review job')).toBe(true);
    expect(p.test('Aider --yes')).toBe(true);
    expect(p.test('backup')).toBe(false);
    expect(p.problems.map((x) => x.pattern)).toEqual(['/(/']);
  });

  it('a pattern counts a job by its label or its command', () => {
    const p = compilePatterns(['aider']);
    expect(isAgentJob({ label: 'com.me.aider', command: '/opt/bin/run.sh' }, p)).toBe(true);
    expect(isAgentJob({ label: 'backup', command: '/opt/bin/aider --yes' }, p)).toBe(true);
    expect(isAgentJob({ label: 'backup', command: '/usr/bin/rsync' }, p)).toBe(false);
    expect(isAgentJob({ label: 'x', command: 'claude -p hi' }, compilePatterns([]))).toBe(true);
  });
});
