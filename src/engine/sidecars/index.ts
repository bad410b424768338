/** `lantern run` sidecars as the engine sees them: live wrappers, the process tree, active sessions. */
export { readSidecars, type LiveSidecar, type ReadSidecarsOptions } from './read-sidecars';
export { findSessionForPid, schedulerJobPid, sessionsUnderPid } from './find-session';
export { ancestorPids, parentPid, procInfo, MAX_ANCESTOR_DEPTH, type ProcInfo } from './process-tree';
export { createJobPidCache, mergeActiveSessions, sidecarSession } from './active-sessions';
export { claudeRootsFor, findClaudeTranscript } from './transcripts';
export * from './sidecar-file';
