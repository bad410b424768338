/** An alert as the notify policy emits one, for the notifier and channel tests. */
import type { Alert } from '../../src/shared/notify';

export const testAlert = (over: Partial<Alert> = {}): Alert => ({
  id: 1,
  kind: 'blocked',
  kinds: ['blocked'],
  agentIds: ['claude:a'],
  title: 'payments-api',
  body: 'Claude needs your permission to use Bash',
  at: '2026-05-01T09:00:00.000Z',
  ...over,
});
