/**
 * The tray app's transport: the preload's bridge on `window.lantern` (src/shared/bridge.ts). IPC
 * cannot drop events the way a socket can: main replays the store after `afterId` on `ready`, then
 * pushes live; ids at or below the last delivered one are dropped here all the same.
 */
import type { LanternBridge } from '../../shared/bridge';
import type { EngineClient, FeedHandlers } from './engine-client';

export function createIpcClient(bridge: LanternBridge): EngineClient {
  return {
    health: () => bridge.health(),
    listAgents: () => bridge.listAgents(),
    getAgent: (id) => bridge.getAgent(id),
    getEvents: (id, q) => bridge.getEvents(id, q),
    listActiveSessions: () => bridge.listActiveSessions(),
    liveStats: (q) => bridge.liveStats(q),
    recentEvents: (q) => bridge.recentEvents(q),
    searchEvents: (q) => bridge.searchEvents(q),
    getSettings: () => bridge.getSettings(),
    updateSettings: (patch) => bridge.updateSettings(patch),
    notifyState: () => bridge.notifyState(),
    pauseNotifications: (req) => bridge.pauseNotifications(req),
    testChannel: (id) => bridge.testChannel(id),
    listJobs: () => bridge.listJobs(),
    getJobLog: (id, q) => bridge.getJobLog(id, q),
    connect: (afterId, h: FeedHandlers) => {
      let lastId = afterId;
      const deliver = (events: Parameters<FeedHandlers['events']>[0]) => {
        const fresh = events.filter((e) => e.id > lastId);
        if (fresh.length === 0) return;
        lastId = fresh[fresh.length - 1].id;
        h.events(fresh);
      };
      const offs = [
        bridge.subscribe('events', deliver),
        bridge.subscribe('agent', h.agent),
        bridge.subscribe('burn', h.burn),
        bridge.subscribe('settings', h.settings),
        bridge.subscribe('notify', h.notify),
        bridge.subscribe('jobs', h.jobs),
      ];
      h.connection('connecting');
      bridge.ready(afterId);
      h.connection('live');
      return () => offs.forEach((off) => off());
    },
  };
}
