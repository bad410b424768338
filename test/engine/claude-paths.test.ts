import { describe, expect, it } from 'vitest';
import { claudeAdapter, classifyClaudePath, defaultClaudeRoots, defaultClaudeTaskDirs } from '../../src/engine/adapters/claude';

const S = '7d3f0a52-1c4e-4b8a-9f60-2e5d8c1b7a90';
const P = '/home/dev/.claude/projects/-home-dev-my-app';

describe('defaultClaudeRoots', () => {
  it('lists ~/.claude and ~/.config/claude without an override', () => {
    expect(defaultClaudeRoots({}, '/home/dev')).toEqual(['/home/dev/.claude', '/home/dev/.config/claude']);
  });
  it('puts a comma-separated $CLAUDE_CONFIG_DIR first, trimmed, without duplicates', () => {
    expect(defaultClaudeRoots({ CLAUDE_CONFIG_DIR: ' /work/a , /home/dev/.claude,,' }, '/home/dev/')).toEqual([
      '/work/a',
      '/home/dev/.claude',
      '/home/dev/.config/claude',
    ]);
  });
  it('keeps Windows separators', () => {
    expect(defaultClaudeRoots({}, 'C:\\Users\\dev')).toEqual(['C:\\Users\\dev\\.claude', 'C:\\Users\\dev\\.config\\claude']);
  });
});

describe('defaultClaudeTaskDirs', () => {
  it('uses <tmpdir>/claude-<uid>, /tmp/claude-<uid> and legacy /tmp/claude', () => {
    expect(defaultClaudeTaskDirs({}, '/var/folders/xy/T', 501)).toEqual(['/var/folders/xy/T/claude-501', '/tmp/claude-501', '/tmp/claude']);
  });
  it('collapses duplicates when tmpdir is /tmp', () => {
    expect(defaultClaudeTaskDirs({}, '/tmp', 1000)).toEqual(['/tmp/claude-1000', '/tmp/claude']);
  });
  it('prefers $CLAUDE_CODE_TMPDIR', () => {
    expect(defaultClaudeTaskDirs({ CLAUDE_CODE_TMPDIR: '/scratch/cc' }, '/tmp', 1000)).toEqual(['/scratch/cc', '/tmp/claude-1000', '/tmp/claude']);
  });
  it('uses <tmpdir>\\claude when there is no uid (Windows)', () => {
    expect(defaultClaudeTaskDirs({}, 'C:\\Users\\dev\\AppData\\Local\\Temp', null)).toEqual(['C:\\Users\\dev\\AppData\\Local\\Temp\\claude', '/tmp/claude']);
  });
});

describe('classifyClaudePath', () => {
  it('recognises a main session file', () => {
    expect(classifyClaudePath(`${P}/${S}.jsonl`)).toEqual({ kind: 'session', project: '-home-dev-my-app', sessionId: S });
  });
  it.each(['a7c91f4', '0123456789abcdef0', 'acompact-0c0c4e', 'aside_question-9f1e2d3c4b5a6978'])('recognises new-layout sub-agent %s', (agentId) => {
    expect(classifyClaudePath(`${P}/${S}/subagents/agent-${agentId}.jsonl`)).toEqual({ kind: 'subagent', project: '-home-dev-my-app', sessionId: S, agentId });
  });
  it('recognises an old 2.0.x agent file beside the sessions', () => {
    expect(classifyClaudePath(`${P}/agent-5f0e2a91.jsonl`)).toEqual({ kind: 'legacy-subagent', project: '-home-dev-my-app', agentId: '5f0e2a91' });
  });
  it('recognises task output with and without a session folder', () => {
    expect(classifyClaudePath(`/tmp/claude-1000/-home-dev-my-app/${S}/tasks/bt2kelt7i.output`)).toEqual({
      kind: 'task',
      project: '-home-dev-my-app',
      sessionId: S,
      taskId: 'bt2kelt7i',
    });
    expect(classifyClaudePath('/tmp/claude/-home-dev-my-app/tasks/bt2kelt7i.output')).toEqual({
      kind: 'task',
      project: '-home-dev-my-app',
      sessionId: null,
      taskId: 'bt2kelt7i',
    });
  });
  it('works with Windows separators', () => {
    expect(classifyClaudePath(`C:\\Users\\dev\\.claude\\projects\\C--Users-dev-app\\${S}.jsonl`)).toMatchObject({ kind: 'session', sessionId: S });
    expect(classifyClaudePath(`C:\\Users\\dev\\.claude\\projects\\C--Users-dev-app\\${S}\\subagents\\agent-a7c91f4.jsonl`)).toMatchObject({
      kind: 'subagent',
      agentId: 'a7c91f4',
    });
    expect(classifyClaudePath(`C:\\Users\\dev\\AppData\\Local\\Temp\\claude\\C--Users-dev-app\\${S}\\tasks\\b1.output`)).toMatchObject({ kind: 'task', sessionId: S });
  });
  it.each([
    `${P}/${S}/subagents/agent-a7c91f4.meta.json`,
    `${P}/${S}/tool-results/toolu_01abc.txt`,
    `${P}/${S}/tool-results/bt2kelt7i.output`,
    '/home/dev/.claude/history.jsonl',
    `${P}/notes.jsonl`,
    `${P}/${S}/other/agent-a7c91f4.jsonl`,
    `/home/dev/.claude/todos/${S}.jsonl`,
    `${P}/${S}/tasks/`,
    '',
  ])('ignores %s', (path) => {
    expect(classifyClaudePath(path)).toBeNull();
  });
});

describe('claudeAdapter', () => {
  it('claims what classifyClaudePath recognises, as append-mode files', () => {
    expect(claudeAdapter.name).toBe('claude');
    expect(claudeAdapter.claims(`${P}/${S}.jsonl`)).toEqual({ path: `${P}/${S}.jsonl`, adapter: 'claude', mode: 'append' });
    expect(claudeAdapter.claims(`${P}/${S}/subagents/agent-a7c91f4.meta.json`)).toBeNull();
  });
});
