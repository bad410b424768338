/** Everything that changes the store, as one discriminated union (STYLE.md practice 9). */
import type { AgentSummary, Health } from '../../shared/agents';
import type { LanternEvent } from '../../shared/events';
import type { ChannelStatus } from '../../shared/channels';
import type { JobsSnapshot } from '../../shared/jobs';
import type { NotifyState } from '../../shared/notify';
import type { SettingsView } from '../../shared/settings';
import type { BurnTick, LiveStats } from '../../shared/stats';
import type { ConnectionState } from '../transport/engine-client';
import type { Filters, SearchState, ViewName } from './store';

export type Action =
  // From the engine
  | { type: 'snapshot'; agents: AgentSummary[]; health: Health; recent: LanternEvent[] }
  | { type: 'agents'; agents: AgentSummary[] }
  | { type: 'events'; events: LanternEvent[] }
  | { type: 'agent'; agent: AgentSummary }
  | { type: 'health'; health: Health }
  | { type: 'stats'; stats: LiveStats }
  | { type: 'burn'; tick: BurnTick }
  | { type: 'settings'; view: SettingsView }
  | { type: 'notify'; state: NotifyState }
  /** One channel's status, from a test alert's answer (the engine's `notify` push follows). */
  | { type: 'channelStatus'; status: ChannelStatus }
  | { type: 'connection'; state: ConnectionState }
  | { type: 'jobs'; snapshot: JobsSnapshot }
  // From the person
  | { type: 'view'; view: ViewName }
  | { type: 'select'; id: string | null }
  | { type: 'move'; by: number }
  | { type: 'moveTo'; where: 'first' | 'last' }
  | { type: 'open'; id?: string }
  | { type: 'close' }
  | { type: 'filters'; filters: Partial<Filters> }
  | { type: 'search'; search: Partial<SearchState> }
  | { type: 'follow'; on?: boolean }
  | { type: 'help'; open?: boolean }
  | { type: 'notice'; text: string | null }
  // The jobs table and its log panel
  | { type: 'selectJob'; id: string | null }
  | { type: 'moveJob'; by: number }
  | { type: 'moveJobTo'; where: 'first' | 'last' }
  | { type: 'openJob'; id?: string }
  | { type: 'closeJob' };

export type Dispatch = (action: Action) => void;
