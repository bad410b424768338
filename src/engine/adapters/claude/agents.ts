/**
 * Which agent a Claude Code line belongs to (README.md "Files and agent ids"). Ids that depend on the
 * records (2.0.x agent files, inline sidechains) are kept in parser state so they never change on resume.
 */
import type { ClaudePath } from './paths';
import type { ClaudeState } from './state';
import { str, type Rec } from './values';

const PREFIX = 'claude:';

/** Id of sub-agent `agentId` of a session, as its own file will be named (`claude:<session>/<agentId>`). */
export function subAgentId(session: string, agentId: string): string {
  return `${PREFIX}${session}/${agentId}`;
}

/** An agent row a record goes to, and what that row's patch always carries. */
export interface AgentRef {
  id: string;
  sessionId?: string;
  parentId?: string;
  transcript?: string;
}

export class AgentResolver {
  private fileRef: AgentRef | null = null;
  private fileRefSession: string | null = null;

  constructor(
    private readonly path: string,
    private readonly where: ClaudePath | null,
    private readonly st: ClaudeState,
  ) {}

  /** The session the file belongs to: from its path, else learned from the first record that says. */
  session(rec: Rec | null): string | null {
    const w = this.where;
    if (w && (w.kind === 'session' || w.kind === 'subagent')) return w.sessionId;
    if (w && w.kind === 'task' && w.sessionId) return w.sessionId;
    if (this.st.learnedSession === null && rec) {
      const s = str(rec.sessionId);
      if (s) this.st.learnedSession = s;
    }
    return this.st.learnedSession;
  }

  /** The agent the file itself stands for; rebuilt only when the learned session changes. */
  fileAgent(rec: Rec | null): AgentRef {
    const session = this.session(rec);
    if (this.fileRef && this.fileRefSession === session) return this.fileRef;
    this.fileRefSession = session;
    this.fileRef = this.buildFileAgent(session);
    return this.fileRef;
  }

  private buildFileAgent(session: string | null): AgentRef {
    const w = this.where;
    const transcript = this.path;
    const sessionFields = session ? { sessionId: session, parentId: PREFIX + session } : {};
    if (!w) {
      // Not a path this adapter classifies (tests, odd layouts): one agent per file.
      return { id: this.lock(`${PREFIX}file:${this.path}`), transcript, ...(session ? { sessionId: session } : {}) };
    }
    switch (w.kind) {
      case 'session':
        return { id: PREFIX + w.sessionId, sessionId: w.sessionId, transcript };
      case 'subagent':
        return { id: subAgentId(w.sessionId, w.agentId), transcript, ...sessionFields };
      case 'legacy-subagent':
        // The id depends on the first record: keep it once chosen so events never move between agents.
        return { id: this.lock(session ? `${PREFIX}${session}/${w.agentId}` : `${PREFIX}agent-${w.agentId}`), transcript, ...sessionFields };
      case 'task':
        return { id: w.sessionId ? `${PREFIX}${w.sessionId}/task-${w.taskId}` : `${PREFIX}task-${w.taskId}`, transcript, ...sessionFields };
    }
  }

  private lock(id: string): string {
    if (this.st.lockedId === null) this.st.lockedId = id;
    return this.st.lockedId;
  }

  agentFor(rec: Rec): AgentRef {
    const file = this.fileAgent(rec);
    if (this.where?.kind !== 'session' || rec.isSidechain !== true) return file;
    const session = this.where.sessionId;
    const child = str(rec.agentId);
    if (child) return { id: subAgentId(session, child), sessionId: session, parentId: file.id, transcript: this.path };
    // ≤1.0.x: sidechains inline, no agentId. A root (no known sidechain parent) starts a sub-agent;
    // later records follow parentUuid to it.
    const uuid = str(rec.uuid);
    const parent = str(rec.parentUuid);
    let suffix = parent !== undefined ? this.st.side.get(parent) : undefined;
    if (suffix === undefined) suffix = uuid ? uuid.slice(0, 8) : 'unknown';
    if (uuid) this.st.side.set(uuid, suffix);
    return { id: `${PREFIX}${session}/side-${suffix}`, sessionId: session, parentId: file.id, transcript: this.path };
  }
}
