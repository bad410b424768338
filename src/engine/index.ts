export { createEngine, DEFAULT_RUNNING_WINDOW_SEC, DEFAULT_DONE_AFTER_SEC } from './engine';
export type { Engine, EngineOptions, IndexProgress } from './engine';
export { defaultDataDir } from './data-dir';
export { loadOrCreateToken, tokenPath } from './token-file';
export { StoreLockedError } from './store/lock';
export { PauseError, timerScheduler } from './notify';
export type { NotifyPolicy, Scheduler } from './notify';
