/** The channel configs narrowed by type, for the modules that handle one kind of channel. */
import type { ChannelConfig } from '../../../shared/channels';

export type EmailChannel = Extract<ChannelConfig, { type: 'email' }>;
export type HttpChannel = Exclude<ChannelConfig, { type: 'email' }>;
