/** Stats over the store: cost reports, burn rate, tool latency and the live stats of the EngineApi. */
export { computeBurn, projectMonthEnd } from './burn';
export { createBurnTicker, BURN_TICK_MS, type BurnTicker } from './burn-ticker';
export { checkSinceDate, costByAgent, costByDay, costByModel, costByProject, sumCosts } from './cost-report';
export type { AgentCost, CostFilter, CostTotals, DailyCost, ModelCost, ProjectCost } from './cost-report';
export { liveStats } from './live-stats';
export { NoIndexError, openReadonlyStore, storeFile } from './open-readonly';
export { resolveScope } from './scope';
export { toolLatency } from './tool-latency';
export { DEFAULT_WINDOW, parseWindow, WINDOW_FORMS, WindowError } from './window';
