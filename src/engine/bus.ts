/**
 * The engine's typed event bus (STYLE.md practice 11). Producers (the ingest loop, liveness)
 * emit; consumers (SSE, IPC, tray, notifier) subscribe. A throwing listener is logged and
 * skipped so one bad consumer cannot stop the others or the producer.
 */
import type { EngineEventMap } from '../shared/contract';

export type Listener<T> = (payload: T) => void;

export interface Bus {
  on<K extends keyof EngineEventMap>(name: K, listener: Listener<EngineEventMap[K]>): () => void;
  emit<K extends keyof EngineEventMap>(name: K, payload: EngineEventMap[K]): void;
  listenerCount(name: keyof EngineEventMap): number;
}

export function createBus(onListenerError: (err: unknown) => void = () => {}): Bus {
  const listeners = new Map<keyof EngineEventMap, Set<Listener<never>>>();
  return {
    on(name, listener) {
      let set = listeners.get(name);
      if (!set) listeners.set(name, (set = new Set()));
      set.add(listener as Listener<never>);
      return () => set.delete(listener as Listener<never>);
    },
    emit(name, payload) {
      const set = listeners.get(name);
      if (!set) return;
      for (const l of [...set]) {
        try {
          (l as Listener<typeof payload>)(payload);
        } catch (err) {
          onListenerError(err);
        }
      }
    },
    listenerCount(name) {
      return listeners.get(name)?.size ?? 0;
    },
  };
}
