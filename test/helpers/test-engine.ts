/**
 * A real engine for tests that open and stop it themselves (restarts over the same data dir):
 * stopped at cleanup unless the test already did, and a second stop does nothing (a store closed
 * twice throws).
 */
import { createEngine, type Engine, type EngineOptions } from '../../src/engine';

export function createTestEngine(opts: EngineOptions, cleanups: Array<() => void | Promise<void>>): Engine {
  const engine = createEngine(opts);
  let stopped = false;
  const stop = engine.stop.bind(engine);
  engine.stop = async () => {
    if (stopped) return;
    stopped = true;
    await stop();
  };
  cleanups.push(() => engine.stop());
  return engine;
}
