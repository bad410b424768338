/** Injected time source, so liveness and tests never depend on the wall clock. */
export interface Clock {
  now(): number;
}
export const systemClock: Clock = { now: () => Date.now() };
