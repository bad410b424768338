/** The alert a "Send test alert" button sends: shaped like a real one, so it shows how they look. */
import type { Alert } from '../../../shared/notify';

export function testAlert(channelName: string, now: number): Alert {
  return {
    id: 0,
    kind: 'done',
    kinds: ['done'],
    test: true,
    agentIds: [],
    title: 'Lantern test alert',
    body: `Channel "${channelName}" works: this is how alerts will look.`,
    at: new Date(now).toISOString(),
  };
}
