/**
 * The pure part of `lantern hooks`: which events Lantern listens to, what its handler looks like,
 * how to recognise it, and install / uninstall / inspect as transforms of the parsed settings.json
 * object. No I/O here, so every rule is unit-tested directly.
 *
 * Lantern's handlers are recognised by their URL (`/api/hooks/claude` on a loopback host), never
 * by position: users move and reorder hooks, and a second install must find the first one.
 */
import { isLoopback } from '../../engine/ingest/allowed-hosts';
import { isJsonObject, type JsonObject, type JsonValue } from './json-value';

/** Every Claude Code hook event Lantern maps to events (FORMATS.md §2.3). */
export const LANTERN_HOOK_EVENTS = [
  'SessionStart',
  'SessionEnd',
  'UserPromptSubmit',
  'PreToolUse',
  'PostToolUse',
  'PostToolUseFailure',
  'PermissionRequest',
  'Notification',
  'Stop',
  'StopFailure',
  'SubagentStart',
  'SubagentStop',
  'PreCompact',
  'PostCompact',
] as const;
export type LanternHookEvent = (typeof LANTERN_HOOK_EVENTS)[number];

/** Tool events match on the tool name; `*` says "every tool". Elsewhere an omitted matcher already means all. */
const TOOL_EVENTS: ReadonlySet<string> = new Set(['PreToolUse', 'PostToolUse', 'PostToolUseFailure', 'PermissionRequest']);

export const HOOK_PATH = '/api/hooks/claude';
/** Seconds. A live Lantern answers in milliseconds; this only caps a Lantern that hangs. */
export const HOOK_TIMEOUT_SEC = 2;
export const TOKEN_HEADER = 'X-Token';

export interface HookTarget {
  port: number;
  token: string;
}

export class HooksError extends Error {
  override name = 'HooksError';
}

export function hookUrl(port: number): string {
  return `http://127.0.0.1:${port}${HOOK_PATH}`;
}

export function lanternHandler(target: HookTarget): JsonObject {
  return { type: 'http', url: hookUrl(target.port), timeout: HOOK_TIMEOUT_SEC, headers: { [TOKEN_HEADER]: target.token } };
}

export function lanternGroup(event: string, target: HookTarget): JsonObject {
  return TOOL_EVENTS.has(event) ? { matcher: '*', hooks: [lanternHandler(target)] } : { hooks: [lanternHandler(target)] };
}

/**
 * Claude Code interpolates `$VAR` in header values and sends what it cannot resolve as empty, so a
 * token with `$` would silently break; header values must be visible ASCII anyway.
 */
export function checkToken(token: string): void {
  if (!/^[\x21-\x7e]+$/.test(token) || token.includes('$')) {
    throw new HooksError('the token must be printable ASCII without spaces or "$" to go into an HTTP header');
  }
}

export function isLanternUrl(url: unknown): boolean {
  if (typeof url !== 'string') return false;
  try {
    const u = new URL(url);
    return u.protocol === 'http:' && isLoopback(u.hostname) && u.pathname.replace(/\/+$/, '') === HOOK_PATH;
  } catch {
    return false;
  }
}

export function isLanternHandler(handler: unknown): handler is JsonObject {
  return isJsonObject(handler) && handler.type === 'http' && isLanternUrl(handler.url);
}

/** The token a handler sends, if it sends one as a literal header (header names are case-insensitive). */
export function handlerToken(handler: JsonObject): string | null {
  const headers = handler.headers;
  if (!isJsonObject(headers)) return null;
  const key = Object.keys(headers).find((k) => k.toLowerCase() === TOKEN_HEADER.toLowerCase());
  const value = key === undefined ? undefined : headers[key];
  return typeof value === 'string' ? value : null;
}

export interface FoundHandler {
  event: string;
  group: number;
  index: number;
  handler: JsonObject;
}

/** The settings' `hooks` object; null when absent. Throws when it is there but not an object. */
export function hooksOf(settings: JsonValue): JsonObject | null {
  if (!isJsonObject(settings)) throw new HooksError('the file must hold a JSON object ({ … }) at the top level');
  if (!Object.hasOwn(settings, 'hooks')) return null;
  const hooks = settings.hooks;
  if (!isJsonObject(hooks)) throw new HooksError(`"hooks" must be an object mapping event names to arrays, found ${describe(hooks)}`);
  return hooks;
}

/** Every Lantern handler, under any event (also events this version no longer installs). */
export function findLanternHandlers(settings: JsonValue): FoundHandler[] {
  const hooks = hooksOf(settings);
  const found: FoundHandler[] = [];
  for (const [event, groups] of Object.entries(hooks ?? {})) {
    if (!Array.isArray(groups)) continue;
    groups.forEach((g, group) => {
      if (!isJsonObject(g) || !Array.isArray(g.hooks)) return;
      g.hooks.forEach((handler, index) => {
        if (isLanternHandler(handler)) found.push({ event, group, index, handler });
      });
    });
  }
  return found;
}

/** What Lantern created (and so may remove once empty), kept between install and uninstall. */
export interface CreatedRecord {
  /** The `hooks` key itself did not exist. */
  hooksKey: boolean;
  /** Event arrays that did not exist. */
  events: string[];
}

export interface InstallResult {
  settings: JsonObject;
  added: string[];
  updated: string[];
  unchanged: string[];
  created: CreatedRecord;
}

/** Throws a clear HooksError unless `settings` has a shape install can add to. */
export function checkInstallable(settings: JsonValue): void {
  const hooks = hooksOf(settings);
  for (const event of LANTERN_HOOK_EVENTS) {
    if (hooks && Object.hasOwn(hooks, event) && !Array.isArray(hooks[event])) {
      throw new HooksError(`"hooks.${event}" must be an array of matcher groups, found ${describe(hooks[event])}`);
    }
  }
}

export function installLanternHooks(settings: JsonValue, target: HookTarget): InstallResult {
  checkToken(target.token);
  checkInstallable(settings);
  const existing = hooksOf(settings);
  const next = structuredClone(settings) as JsonObject;
  const hooks = existing ? (next.hooks as JsonObject) : (next.hooks = {});
  const found = findLanternHandlers(next);
  const result: InstallResult = { settings: next, added: [], updated: [], unchanged: [], created: { hooksKey: existing === null, events: [] } };
  const want = lanternHandler(target);

  // Update every Lantern handler in place: a different port or token must not leave a stale one.
  const touched = new Set<string>();
  for (const f of found) {
    const current = f.handler.url === want.url && handlerToken(f.handler) === target.token;
    if (current) continue;
    // Only the URL and the token change: anything the user tuned (timeout, statusMessage) stays.
    f.handler.url = want.url;
    const headers = isJsonObject(f.handler.headers) ? f.handler.headers : (f.handler.headers = {});
    for (const k of Object.keys(headers)) if (k.toLowerCase() === TOKEN_HEADER.toLowerCase() && k !== TOKEN_HEADER) delete headers[k];
    headers[TOKEN_HEADER] = target.token;
    touched.add(f.event);
  }

  for (const event of LANTERN_HOOK_EVENTS) {
    const has = found.some((f) => f.event === event);
    if (has) (touched.has(event) ? result.updated : result.unchanged).push(event);
    else {
      if (!Object.hasOwn(hooks, event)) {
        hooks[event] = [];
        result.created.events.push(event);
      }
      (hooks[event] as JsonValue[]).push(lanternGroup(event, target));
      result.added.push(event);
    }
  }
  return result;
}

export interface UninstallResult {
  settings: JsonObject;
  /** Events a Lantern handler was removed from. */
  removed: string[];
}

/**
 * Removes only Lantern's handlers. A matcher group goes once Lantern's removal leaves it empty;
 * an event array or the `hooks` key goes once empty only if Lantern created it (`created`; when
 * unknown, because the record is gone, Lantern is assumed to have created what it emptied).
 */
export function uninstallLanternHooks(settings: JsonValue, created: CreatedRecord | null): UninstallResult {
  return removeHandlers(settings, created, isLanternHandler);
}

/** The removal itself, for any tool whose hooks file has Claude Code's shape (Codex's hooks.json too). */
export function removeHandlers(settings: JsonValue, created: CreatedRecord | null, isOurs: (handler: JsonValue) => boolean): UninstallResult {
  const next = structuredClone(settings) as JsonObject;
  const hooks = hooksOf(next);
  const removed: string[] = [];
  if (!hooks) return { settings: next, removed };
  for (const [event, groups] of Object.entries(hooks)) {
    if (!Array.isArray(groups)) continue;
    let changed = false;
    for (let g = groups.length - 1; g >= 0; g--) {
      const group = groups[g];
      if (!isJsonObject(group) || !Array.isArray(group.hooks)) continue;
      const kept = group.hooks.filter((h) => !isOurs(h));
      if (kept.length === group.hooks.length) continue;
      changed = true;
      if (kept.length === 0) groups.splice(g, 1);
      else group.hooks = kept;
    }
    if (!changed) continue;
    removed.push(event);
    if (groups.length === 0 && (created === null || created.events.includes(event))) delete hooks[event];
  }
  if (removed.length > 0 && Object.keys(hooks).length === 0 && (created === null || created.hooksKey)) delete next.hooks;
  return { settings: next, removed };
}

function describe(value: JsonValue | undefined): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`;
}
