/**
 * A Discord webhook's message: one embed (https://discord.com/developers/docs/resources/message#embed-object).
 * `allowed_mentions: {parse: []}` keeps `@everyone`, `@here` and `<@id>` in agent text from
 * pinging anyone; markdown in the description is escaped so agent text cannot make masked links
 * (`[docs](https://evil)`) or hide itself in spoilers.
 */
import type { NotifyKind } from '../../../shared/settings';
import { cap, type AlertView } from './alert-view';

export interface DiscordEmbed {
  title: string;
  description: string;
  url?: string;
  color: number;
  timestamp: string;
  fields?: Array<{ name: string; value: string }>;
}

export interface DiscordMessage {
  content: '';
  embeds: [DiscordEmbed];
  allowed_mentions: { parse: [] };
}

/** Discord's limits on an embed. */
export const DISCORD_TITLE_MAX = 256;
export const DISCORD_DESCRIPTION_MAX = 4096;
const FIELD_VALUE_MAX = 1024;

const COLOR: Record<NotifyKind, number> = { blocked: 0xf59e0b, error: 0xef4444, pr: 0x8b5cf6, done: 0x22c55e };

/** Backslash before every markdown character; a zero-width space breaks `@everyone`-like words too. */
export function discordEscape(s: string): string {
  return s.replace(/[\\*_~`|>[\]#]/g, '\\$&').replace(/@/g, '@\u200b');
}

export function discordMessage(v: AlertView): DiscordMessage {
  const embed: DiscordEmbed = {
    // Titles show as plain text (no markdown); mentions are still made harmless.
    title: cap(v.title.replace(/@/g, '@\u200b'), DISCORD_TITLE_MAX),
    description: cap(discordEscape(v.body || v.title), DISCORD_DESCRIPTION_MAX),
    color: COLOR[v.kind],
    timestamp: v.at,
  };
  if (v.link) embed.url = v.link;
  if (v.prUrl) embed.fields = [{ name: 'Pull request', value: cap(v.prUrl, FIELD_VALUE_MAX) }];
  return { content: '', embeds: [embed], allowed_mentions: { parse: [] } };
}
