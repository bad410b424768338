/**
 * The push endpoints (DESIGN.md "Inputs"): milestones and Claude Code hooks. Both sit behind the
 * same guard as the read API (token, Host, Origin) and read bodies through `ctx.readJson()`
 * (JSON only, 1 MiB, malformed → 400), so the only thing validated here is the payload itself.
 */
import { parseMilestone } from '../../shared/schemas/milestone';
import { parseClaudeHook } from '../hooks/claude-hook-schema';
import { parseCodexHook } from '../hooks/codex-hook-schema';
import type { DirectIngest } from '../pipeline/direct-ingest';
import { HttpError } from './respond';
import type { AddRoute } from './route-context';

export function registerIngestRoutes(server: { addRoute: AddRoute }, ingest: DirectIngest): void {
  // `{"ok":true,"id":<event id>}`; the time is the server's (a client clock is not trusted for ordering).
  server.addRoute('POST', '/api/event', async ({ readJson }) => {
    const parsed = parseMilestone(await readJson());
    if (!parsed.ok) throw new HttpError(400, parsed.error, parsed.detail, parsed.accepted);
    return { ok: true, id: ingest.milestone(parsed.value).id };
  });

  // 204 with no body: an HTTP hook's 2xx JSON would be read as a decision, and Lantern only
  // observes. Errors stay non-blocking for Claude Code (any non-2xx is ignored by it).
  server.addRoute('POST', '/api/hooks/claude', async ({ readJson }) => {
    const parsed = parseClaudeHook(await readJson());
    if (!parsed.ok) throw new HttpError(400, parsed.error, parsed.detail, parsed.accepted);
    ingest.claudeHook(parsed.value);
    return undefined;
  });

  // Codex: its `notify` JSON (via `lantern hooks codex-notify`) and its lifecycle hooks' stdin (hooks.json).
  // 204 as above; a command hook's stdout is read by Codex, and an empty one decides nothing.
  server.addRoute('POST', '/api/hooks/codex', async ({ readJson }) => {
    const parsed = parseCodexHook(await readJson());
    if (!parsed.ok) throw new HttpError(400, parsed.error, parsed.detail, parsed.accepted);
    ingest.codexHook(parsed.value);
    return undefined;
  });
}
