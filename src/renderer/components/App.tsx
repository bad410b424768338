/** The page: status banner, status rail, top bar, the current view, the key help overlay. */
import { useEffect } from 'preact/hooks';
import { useApp } from '../context';
import { useKeys } from '../keys/use-keys';
import { AgentsView } from './agents/AgentsView';
import { KeyHelp } from './KeyHelp';
import { JobsView } from './jobs/JobsView';
import { Replay } from './replay/Replay';
import { StatusRail } from './StatusRail';
import { TopBar } from './TopBar';
import { IssuesView } from './views/IssuesView';
import { LiveView } from './views/LiveView';
import { SettingsView } from './views/SettingsView';
import { StatusBanner } from './views/StatusBanner';

const STATS_EVERY_MS = 60_000;

export function App() {
  const { store, dispatch, refreshStats } = useApp();
  useKeys(store, dispatch);
  // Today's spend in the top bar; the Live and Issues views refresh faster while they are open.
  useEffect(() => {
    void refreshStats();
    const t = setInterval(() => void refreshStats(), STATS_EVERY_MS);
    return () => clearInterval(t);
  }, [refreshStats]);
  const view = store.view.value;
  const openId = store.openId.value;
  return (
    <div class="app" data-testid="app" data-view={view}>
      <StatusBanner />
      <StatusRail />
      <TopBar />
      <main class="main" id="main">
        {view === 'agents' && (openId ? <Replay key={openId} agentId={openId} /> : <AgentsView />)}
        {view === 'issues' && <IssuesView />}
        {view === 'live' && <LiveView />}
        {view === 'settings' && <SettingsView />}
        {view === 'jobs' && <JobsView />}
      </main>
      {store.helpOpen.value && <KeyHelp />}
    </div>
  );
}
