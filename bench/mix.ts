/**
 * Which agents the corpus holds and in what proportion of its bytes: `--mix mixed` (the default,
 * 70% Claude Code, 20% Codex, 10% Gemini CLI), `--mix claude` (the Claude-only corpus of earlier
 * runs), or explicit shares such as `--mix claude=50,codex=30,gemini=20`.
 */
export const AGENT_KINDS = ['claude', 'codex', 'gemini'] as const;
export type AgentKind = (typeof AGENT_KINDS)[number];

/** Shares of the corpus bytes, in whole percent summing to 100. */
export type Mix = Record<AgentKind, number>;

export const DEFAULT_MIX: Mix = { claude: 70, codex: 20, gemini: 10 };

export function parseMix(text: string): Mix {
  const t = text.trim().toLowerCase();
  if (t === 'mixed' || t === 'default') return { ...DEFAULT_MIX };
  const only = AGENT_KINDS.find((k) => k === t);
  if (only) return { claude: 0, codex: 0, gemini: 0, [only]: 100 };
  const mix: Mix = { claude: 0, codex: 0, gemini: 0 };
  for (const part of t.split(',')) {
    const m = /^\s*([a-z]+)\s*[=:]\s*(\d+(?:\.\d+)?)\s*%?\s*$/.exec(part);
    const kind = m ? AGENT_KINDS.find((k) => k === m[1]) : undefined;
    if (!m || !kind) throw new Error(`--mix takes mixed, claude, codex, gemini or shares like claude=70,codex=20,gemini=10; got "${text}"`);
    mix[kind] = Number(m[2]);
  }
  const sum = AGENT_KINDS.reduce((n, k) => n + mix[k], 0);
  if (sum <= 0) throw new Error(`--mix needs at least one agent with a share above 0, got "${text}"`);
  // Shares are relative (claude=7,codex=2,gemini=1 is the default too); whole percent, the last agent
  // with a share taking the rounding rest so they always sum to 100.
  const kinds = AGENT_KINDS.filter((k) => mix[k] > 0);
  let left = 100;
  const out: Mix = { claude: 0, codex: 0, gemini: 0 };
  kinds.forEach((k, i) => {
    out[k] = i === kinds.length - 1 ? left : Math.round((mix[k] / sum) * 100);
    left -= out[k];
  });
  if (kinds.some((k) => out[k] <= 0)) throw new Error(`--mix: every share must come to at least 1%, got "${text}"`);
  return out;
}

/** Agents with a share, in AGENT_KINDS order. */
export const mixAgents = (mix: Mix): AgentKind[] => AGENT_KINDS.filter((k) => mix[k] > 0);

/** `claude70-codex20-gemini10`, `claude100`: part of the corpus directory name and reuse key. */
export const mixKey = (mix: Mix): string =>
  mixAgents(mix)
    .map((k) => `${k}${mix[k]}`)
    .join('-');

/** `70% claude, 20% codex, 10% gemini`. */
export const mixText = (mix: Mix): string =>
  mixAgents(mix)
    .map((k) => `${mix[k]}% ${k}`)
    .join(', ');

/** Bytes each agent's generator aims for; the shares of `bytes`, the rounding rest to the first agent. */
export function splitBytes(bytes: number, mix: Mix): Record<AgentKind, number> {
  const out: Record<AgentKind, number> = { claude: 0, codex: 0, gemini: 0 };
  const kinds = mixAgents(mix);
  for (const k of kinds) out[k] = Math.floor((bytes * mix[k]) / 100);
  out[kinds[0]] += bytes - kinds.reduce((n, k) => n + out[k], 0);
  return out;
}

/**
 * The seed each agent's generator starts from. Claude keeps the run's seed, so `--mix claude`
 * writes exactly the corpus earlier runs wrote; the others get their own streams.
 */
export function agentSeed(seed: number, kind: AgentKind): number {
  if (kind === 'claude') return seed;
  let h = (seed ^ 0x9e3779b9) >>> 0;
  for (const ch of kind) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return h;
}
