import { describe, expect, it } from 'vitest';
import { maskSecrets } from '../../../src/engine/jobs/mask-secrets';

describe('maskSecrets', () => {
  it('hides inline keys, tokens and passwords, in assignments and options', () => {
    expect(maskSecrets('ANTHROPIC_API_KEY=sk-ant-123 claude -p "triage"')).toBe('ANTHROPIC_API_KEY=••• claude -p "triage"');
    expect(maskSecrets('cd ~/r && GH_TOKEN="ghp x" OPENAI_API_KEY=\'k\' codex exec fix')).toBe('cd ~/r && GH_TOKEN=••• OPENAI_API_KEY=••• codex exec fix');
    expect(maskSecrets('gemini --api-key abc123 -p hi')).toBe('gemini --api-key ••• -p hi');
    expect(maskSecrets('tool --token=xyz --password "p w" run')).toBe('tool --token=••• --password ••• run');
  });

  it('leaves everything else as written', () => {
    const plain = 'cd ~/payments-api && claude -p "Review the keys module" >> ~/logs/review.log 2>&1';
    expect(maskSecrets(plain)).toBe(plain);
    expect(maskSecrets('HOME=/home/dev LANG=C claude -p x')).toBe('HOME=/home/dev LANG=C claude -p x');
  });
});
