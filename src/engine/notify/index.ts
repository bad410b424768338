/** The notify policy's public surface: for the engine, the HTTP route and the hosts' notifiers. */
export { createNotifyPolicy, COALESCE_MS, HISTORY_MS, type AgentFacts, type NotifyPolicy, type NotifyPolicyDeps } from './policy';
export { PauseError, PAUSE_ACCEPTED, MAX_PAUSE_MS, parsePauseBody } from './pause-request';
export { pauseFileOf } from './pause-file';
export { timerScheduler, type Scheduler } from './scheduler';
