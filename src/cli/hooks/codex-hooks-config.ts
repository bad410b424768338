/**
 * The pure part of `lantern hooks … --codex`: what Lantern puts into Codex's configuration and how it
 * recognises its own entries there. No I/O.
 *
 * - `notify` in `config.toml`: Codex runs this program with the turn's JSON as one more argument after
 *   every turn. Lantern's is `<node> <lantern> hooks codex-notify --port N --data-dir D [--token T]
 *   [--chain '<the user's own notify, as JSON>']`: a program the user already had keeps running.
 * - `hooks.json` (Codex's lifecycle hooks, 2026 builds): one command hook per event that pipes the
 *   hook's stdin to `POST /api/hooks/codex` with curl, 2 s at most, always exiting 0 (hooks block
 *   Codex while they run; curl starts in milliseconds where Node needs a tenth of a second).
 *
 * Lantern's entries are found by content (`hooks codex-notify` in the notify argv; the loopback
 * `/api/hooks/codex` URL in a hook command), never by position.
 */
import { isJsonObject, type JsonObject, type JsonValue } from './json-value';
import { HooksError, hooksOf, removeHandlers, type CreatedRecord } from './lantern-hooks';

export const CODEX_HOOK_PATH = '/api/hooks/codex';
/** Every lifecycle event Codex has (developers.openai.com/codex/hooks) and Lantern maps. */
export const CODEX_HOOK_EVENTS = ['SessionStart', 'UserPromptSubmit', 'PreToolUse', 'PermissionRequest', 'PostToolUse', 'Stop', 'PreCompact', 'PostCompact'] as const;
/** Seconds Codex lets the hook run; curl gives up after 2. */
export const CODEX_HOOK_TIMEOUT_SEC = 5;

export interface NotifyTarget {
  /** How to start Lantern: `[node, <bin/lantern.js>]`. */
  command: readonly string[];
  port: number;
  dataDir: string;
  /** Only an explicit `--token` is written into the file; otherwise codex-notify reads the data dir's token. */
  token: string | null;
}

export function codexHookUrl(port: number): string {
  return `http://127.0.0.1:${port}${CODEX_HOOK_PATH}`;
}

export function lanternNotify(t: NotifyTarget, chain: readonly string[] | null): string[] {
  const argv = [...t.command, 'hooks', 'codex-notify', '--port', String(t.port), '--data-dir', t.dataDir];
  if (t.token) argv.push('--token', t.token);
  if (chain && chain.length) argv.push('--chain', JSON.stringify(chain));
  return argv;
}

export function isStringArray(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string');
}

export function isLanternNotify(v: unknown): v is string[] {
  if (!isStringArray(v)) return false;
  const i = v.indexOf('codex-notify');
  return i > 0 && v[i - 1] === 'hooks';
}

export interface ParsedNotify {
  command: string[];
  port: number | null;
  dataDir: string | null;
  token: string | null;
  chain: string[] | null;
}

/** What a Lantern notify argv says. */
export function parseLanternNotify(argv: readonly string[]): ParsedNotify {
  const i = argv.indexOf('codex-notify');
  const out: ParsedNotify = { command: argv.slice(0, Math.max(0, i - 1)), port: null, dataDir: null, token: null, chain: null };
  for (let k = i + 1; k < argv.length; k++) {
    const value = argv[k + 1];
    if (value === undefined) break;
    if (argv[k] === '--port') out.port = Number(value);
    else if (argv[k] === '--data-dir') out.dataDir = value;
    else if (argv[k] === '--token') out.token = value;
    else if (argv[k] === '--chain') {
      try {
        const parsed: unknown = JSON.parse(value);
        if (isStringArray(parsed)) out.chain = parsed;
      } catch {
        // a hand-edited chain that is not JSON: dropped rather than guessed
      }
    } else continue;
    k++;
  }
  return out;
}

/** The token goes into a single-quoted shell word and an HTTP header: printable ASCII, no quote, no `$`. */
export function checkHookToken(token: string): void {
  if (!/^[\x21-\x7e]+$/.test(token) || token.includes("'") || token.includes('$') || token.includes('\\')) {
    throw new HooksError('the token must be printable ASCII without spaces, quotes, "\\" or "$" to go into a hook command');
  }
}

export function codexHookCommand(port: number, token: string): string {
  return `curl -s -m 2 -o /dev/null -X POST -H 'Content-Type: application/json' -H 'X-Token: ${token}' --data-binary @- ${codexHookUrl(port)} || true`;
}

const LANTERN_URL = /\bhttps?:\/\/(?:127\.0\.0\.1|localhost|\[::1\])(?::\d+)?\/api\/hooks\/codex\b/;

export function isLanternCodexHandler(h: unknown): h is JsonObject {
  return isJsonObject(h) && h.type === 'command' && typeof h.command === 'string' && LANTERN_URL.test(h.command);
}

export function handlerUrlOf(h: JsonObject): string | null {
  return typeof h.command === 'string' ? (LANTERN_URL.exec(h.command)?.[0] ?? null) : null;
}

export function handlerTokenOf(h: JsonObject): string | null {
  return typeof h.command === 'string' ? (/X-Token: ([^'"\s]+)/i.exec(h.command)?.[1] ?? null) : null;
}

export interface FoundCodexHandler {
  event: string;
  handler: JsonObject;
}

export function findCodexHandlers(settings: JsonValue): FoundCodexHandler[] {
  const found: FoundCodexHandler[] = [];
  for (const [event, groups] of Object.entries(hooksOf(settings) ?? {})) {
    if (!Array.isArray(groups)) continue;
    for (const g of groups) {
      if (!isJsonObject(g) || !Array.isArray(g.hooks)) continue;
      for (const h of g.hooks) if (isLanternCodexHandler(h)) found.push({ event, handler: h });
    }
  }
  return found;
}

export interface CodexInstallResult {
  settings: JsonObject;
  added: string[];
  updated: string[];
  created: CreatedRecord;
}

export function checkCodexHooksInstallable(settings: JsonValue): void {
  const hooks = hooksOf(settings);
  for (const event of CODEX_HOOK_EVENTS) {
    if (hooks && Object.hasOwn(hooks, event) && !Array.isArray(hooks[event])) throw new HooksError(`"hooks.${event}" must be an array of matcher groups`);
  }
}

export function installCodexHooks(settings: JsonValue, port: number, token: string): CodexInstallResult {
  checkHookToken(token);
  checkCodexHooksInstallable(settings);
  const existing = hooksOf(settings);
  const next = structuredClone(settings) as JsonObject;
  const hooks = existing ? (next.hooks as JsonObject) : (next.hooks = {});
  const want = codexHookCommand(port, token);
  const result: CodexInstallResult = { settings: next, added: [], updated: [], created: { hooksKey: existing === null, events: [] } };
  const found = findCodexHandlers(next);
  for (const f of found) {
    if (f.handler.command === want) continue;
    f.handler.command = want; // a different port or token: updated in place, the timeout the user set stays
    if (!result.updated.includes(f.event)) result.updated.push(f.event);
  }
  for (const event of CODEX_HOOK_EVENTS) {
    if (found.some((f) => f.event === event)) continue;
    if (!Object.hasOwn(hooks, event)) {
      hooks[event] = [];
      result.created.events.push(event);
    }
    (hooks[event] as JsonValue[]).push({ hooks: [{ type: 'command', command: want, timeout: CODEX_HOOK_TIMEOUT_SEC }] });
    result.added.push(event);
  }
  return result;
}

/** Removes only Lantern's handlers; groups it emptied go, events and `hooks` too when Lantern created them. */
export function uninstallCodexHooks(settings: JsonValue, created: CreatedRecord | null): { settings: JsonObject; removed: string[] } {
  return removeHandlers(settings, created, isLanternCodexHandler);
}
