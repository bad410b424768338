/**
 * What the Electron preload exposes on `window.lantern` (issue 6): one function per contract
 * method, plus subscribe (returns an unsubscribe) and ready. Main holds pushes back until ready,
 * then sends the stored events after `afterId` and goes live, so nothing between the renderer's
 * first read and its subscription is lost (STYLE.md practice 8).
 */
import type { EngineApi, EngineEventMap } from './contract';

export const BRIDGE_GLOBAL = 'lantern';

export type LanternBridge = EngineApi & {
  subscribe<K extends keyof EngineEventMap>(name: K, listener: (payload: EngineEventMap[K]) => void): () => void;
  ready(afterId: number): void;
};
