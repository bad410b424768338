/**
 * No agent was ever seen: say what is being watched and how to connect one (hooks for exact
 * blocked states, `lantern run` for scheduled jobs, the `report` function for milestones).
 */
import '../../styles/views.css';
import { useApp } from '../../context';
import { dashUrl, LANTERN_REPORT_EXAMPLE, reportFunctionText } from '../../state/views/connect-text';
import { pageOrigin } from './page-origin';
import { WatchedRoots } from './WatchedRoots';

export function EmptyState() {
  const { store } = useApp();
  const settings = store.settings.value;
  const health = store.health.value;
  const roots = settings?.watchedRoots ?? health?.sources ?? [];
  return (
    <section class="view empty-state" aria-label="Connect an agent" data-testid="empty-state">
      <h2>No agent seen yet</h2>
      <p>
        Lantern shows Claude Code sessions as soon as their transcripts appear. Start <code>claude</code> in any project and it shows up here, live.
      </p>

      <h3>Watching</h3>
      {roots.length > 0 ? <WatchedRoots roots={roots} /> : <p class="muted-inline">Reading which folders are watched…</p>}
      {roots.length > 0 && roots.every((r) => !r.exists) && (
        <p class="hint">None of these folders exists yet: they are created the first time Claude Code runs. Add another in Settings (Claude Code config dirs).</p>
      )}

      <h3>Exact “blocked” states: Claude Code hooks</h3>
      <pre class="code-block">lantern hooks install</pre>
      <p>
        Adds Lantern’s HTTP hook to Claude Code’s <code>settings.json</code>, so Claude Code tells Lantern the moment an agent waits for a permission or an
        answer, and how long each tool took. Lantern only observes: it never allows or denies anything. <code>lantern hooks status</code> checks it,{' '}
        <code>lantern hooks uninstall</code> removes it.
      </p>

      <h3>Scheduled and headless runs</h3>
      <pre class="code-block">{'lantern run -- claude -p "…" --output-format stream-json --verbose'}</pre>
      <p>
        Runs the command (from cron, launchd, systemd or a shell) as a session Lantern tracks from its first second, and records how it ended;{' '}
        <code>--tag T</code> names the job.
      </p>

      <h3>Progress on an issue, from any script</h3>
      <pre class="code-block">{LANTERN_REPORT_EXAMPLE}</pre>
      <p>
        or over HTTP (<code>POST /api/event</code>), with this shell function:
      </p>
      <pre class="code-block">{reportFunctionText(dashUrl(pageOrigin(), settings?.settings.port))}</pre>
    </section>
  );
}
