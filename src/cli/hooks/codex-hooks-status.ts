/**
 * `lantern hooks status --codex`: is Lantern's notify program in config.toml, does it still point at
 * this Lantern (port, data dir, token) and at programs that exist, which hooks.json events carry
 * Lantern's hook, are hooks turned off, and does Lantern answer. Exit 0 when all is installed and
 * consistent (Lantern may be stopped), 1 otherwise.
 */
import fs from 'node:fs';
import { readSettings } from './claude-settings';
import { codexContext, currentNotify, readToml, type CodexHooksOptions } from './codex-hooks-actions';
import { CODEX_HOOK_EVENTS, codexHookUrl, findCodexHandlers, handlerTokenOf, handlerUrlOf, isLanternNotify, parseLanternNotify } from './codex-hooks-config';
import { peekToken, type HooksIo } from './hooks-context';
import { probeLantern } from './hooks-status';

export async function runCodexHooksStatus(opts: CodexHooksOptions, io: HooksIo): Promise<number> {
  const ctx = codexContext(opts);
  const token = peekToken(ctx);
  const url = codexHookUrl(ctx.port);
  let ok = true;
  const problem = (line: string) => {
    ok = false;
    io.out(`  ✗ ${line}\n`);
  };

  const toml = readToml(ctx.configFile);
  io.out(`Codex config: ${toml.path}${toml.exists ? '' : ' (does not exist)'}\n`);
  const notify = currentNotify(toml);
  if (!isLanternNotify(notify)) {
    problem(notify ? `notify runs ${JSON.stringify(notify)}, not Lantern` : 'no notify program: Codex does not tell Lantern when a turn ends');
  } else {
    const n = parseLanternNotify(notify);
    io.out(`  ✓ notify runs Lantern${n.chain ? `, then your own ${JSON.stringify(n.chain)}` : ''}\n`);
    if (n.port !== ctx.port) problem(`notify posts to port ${String(n.port)}, not ${ctx.port}`);
    if (n.dataDir !== ctx.dataDir) problem(`notify reads the token from ${String(n.dataDir)}, not ${ctx.dataDir}`);
    if (ctx.explicitToken && n.token !== ctx.explicitToken) problem('notify sends another token than --token / LANTERN_TOKEN');
    const missing = n.command.filter((p) => p.includes('/') && !fs.existsSync(p));
    if (missing.length) problem(`notify starts ${missing.join(', ')}, which no longer exists (Node or Lantern moved): run install again`);
  }

  const hooksFile = readSettings(ctx.hooksFile);
  const found = findCodexHandlers(hooksFile.value);
  const events = new Set(found.map((f) => f.event));
  const installed = CODEX_HOOK_EVENTS.filter((e) => events.has(e));
  io.out(`Codex hooks: ${hooksFile.path}${hooksFile.exists ? '' : ' (does not exist)'}: Lantern's hook on ${installed.length} of ${CODEX_HOOK_EVENTS.length} events\n`);
  const absent = CODEX_HOOK_EVENTS.filter((e) => !events.has(e));
  if (absent.length) problem(`missing: ${absent.join(', ')}`);
  const wrongUrl = found.filter((f) => handlerUrlOf(f.handler) !== url);
  if (wrongUrl.length) problem(`${[...new Set(wrongUrl.map((f) => f.event))].join(', ')}: not posting to ${url}`);
  if (token === null) problem(`no token yet in ${ctx.tokenSource}: Lantern will generate a new one on first start`);
  else if (found.some((f) => handlerTokenOf(f.handler) !== token)) problem(`the hooks' X-Token differs from the token in ${ctx.tokenSource}`);
  const features = toml.doc.features;
  if (typeof features === 'object' && features !== null && ((features as Record<string, unknown>).hooks === false || (features as Record<string, unknown>).codex_hooks === false)) {
    problem('[features] turns hooks off in config.toml: Codex runs no hooks.json');
  }

  const base = `http://127.0.0.1:${ctx.port}`;
  const probe = await probeLantern(ctx.port, token);
  if (probe.state === 'answering') io.out(`Lantern is answering at ${base}\n`);
  else if (probe.state === 'down') io.out(`Lantern is not running at ${base} (notify and hooks give up at once; Codex is unaffected): ${probe.reason}\n`);
  else if (probe.state === 'rejected') problem(`Lantern at ${base} rejects the token from ${ctx.tokenSource}`);
  else problem(`something other than Lantern answers at ${base} (HTTP ${probe.status} on /api/health)`);

  io.out(ok ? 'OK\n' : 'Run `lantern hooks install --codex` (with the same --port / --data-dir / --token as `lantern serve`) to fix.\n');
  return ok ? 0 : 1;
}
