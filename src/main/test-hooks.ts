/**
 * For the `_electron` smoke test only (test/e2e/electron-smoke.test.ts), and only when
 * LANTERN_TEST=1: `globalThis.__lanternTest` reports what the tray shows and every notification
 * shown since start, which no page can see (they are native). Nothing is exposed otherwise.
 */
export interface TestHooks {
  trayState(): { running: number; blocked: number };
  notifications(): Array<{ title: string; body: string }>;
}

export function testMode(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.LANTERN_TEST === '1';
}

export function exposeTestHooks(hooks: TestHooks, env: NodeJS.ProcessEnv = process.env): void {
  if (testMode(env)) (globalThis as { __lanternTest?: TestHooks }).__lanternTest = hooks;
}
