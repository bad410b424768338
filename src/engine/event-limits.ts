/** Bounds of the cross-agent event reads, shared by the HTTP checks (400 outside) and the engine (clamps for IPC). */
export const RECENT_LIMIT = { min: 1, max: 500, default: 100 };
export const SEARCH_LIMIT = { min: 1, max: 200, default: 50 };
/** Characters of search text, after trimming. */
export const SEARCH_TEXT = { min: 2, max: 200 };
export const JOB_LOG_LINES = { min: 1, max: 1000, default: 80 };
