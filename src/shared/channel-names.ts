/**
 * The plain values of the alert channels (no schema, so the renderer can import them without
 * bringing zod into its bundle): the channel types, and the placeholder views show for a secret.
 */
export const CHANNEL_TYPES = ['webhook', 'ntfy', 'slack', 'discord', 'email'] as const;
export type ChannelType = (typeof CHANNEL_TYPES)[number];

/** Stands in for a saved secret in every view; sent back in a patch, it keeps the saved value. */
export const SECRET_KEPT = '(saved — hidden)';
