/**
 * Polls `cond` until it returns something truthy (which it resolves to) or `timeoutMs` passes, then rejects
 * with `what`. For waiting on an expected asynchronous effect (a watcher event) without asserting on
 * wall-clock time.
 */
export async function waitFor<T>(cond: () => T | Promise<T>, timeoutMs = 5000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await cond();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
