/**
 * The options the engine exposes to the Settings view (and, in the tray app, to electron-store).
 * One schema, used by the HTTP route, the IPC argument check and the settings file reader.
 */
import { z } from 'zod';
import { channelsSchema } from './channels';

export const NOTIFY_KINDS = ['blocked', 'pr', 'done', 'error'] as const;
export type NotifyKind = (typeof NOTIFY_KINDS)[number];

export const settingsSchema = z.strictObject({
  /** An agent whose transcript was written this recently counts as running. Applies at once. */
  runningWindowSec: z.number().int().min(5).max(86_400),
  /** Extra Claude Code config dirs to read, besides the discovered ones. Applies on restart. */
  claudeDirs: z.array(z.string().min(1).max(4096)).max(64),
  notifications: z.strictObject({
    kinds: z.strictObject({ blocked: z.boolean(), pr: z.boolean(), done: z.boolean(), error: z.boolean() }),
    /** At most one notification per agent in this many seconds; bursts are coalesced. */
    throttleSec: z.number().int().min(0).max(3600),
    /** Off-machine channels (webhook, ntfy, Slack, Discord, email); `kinds` above is this machine's own notifications. */
    channels: channelsSchema,
    /**
     * The dashboard's address as the alert's reader reaches it (`http://laptop.local:4747`), for the
     * link back to the replay in off-machine alerts; null: this server's own URL.
     */
    publicUrl: z
      .string()
      .max(2048)
      .refine((s) => /^https?:\/\/[^\s]+$/.test(s), { message: 'must be an http:// or https:// URL' })
      .nullable(),
  }),
  /** HTTP port of `lantern serve` and the tray app's server. Applies on restart. */
  port: z.number().int().min(0).max(65_535),
  jobs: z.strictObject({
    /**
     * Extra patterns that make a scheduled job an agent job, matched against its label and command:
     * plain text (case-insensitive substring) or `/regex/flags`. Jobs running claude, codex, gemini
     * or `lantern run` always count. Applies at the next check.
     */
    patterns: z.array(z.string().min(1).max(500)).max(64),
    /** A job exit code that means "nothing to do": shown as skipped, not failed. Null: none. */
    skipExitCode: z.number().int().min(1).max(255).nullable(),
  }),
});
export type Settings = z.infer<typeof settingsSchema>;

/** A partial update: any top-level key, and any of `notifications`' and `jobs`' keys, may be left out. */
export const settingsPatchSchema = z.strictObject({
  runningWindowSec: settingsSchema.shape.runningWindowSec.optional(),
  claudeDirs: settingsSchema.shape.claudeDirs.optional(),
  notifications: z
    .strictObject({
      kinds: settingsSchema.shape.notifications.shape.kinds.partial().optional(),
      throttleSec: settingsSchema.shape.notifications.shape.throttleSec.optional(),
      /** The whole list; a secret sent back as `SECRET_KEPT` keeps the saved one of the channel with that id. */
      channels: settingsSchema.shape.notifications.shape.channels.optional(),
      publicUrl: settingsSchema.shape.notifications.shape.publicUrl.optional(),
    })
    .optional(),
  port: settingsSchema.shape.port.optional(),
  jobs: z
    .strictObject({
      patterns: settingsSchema.shape.jobs.shape.patterns.optional(),
      skipExitCode: settingsSchema.shape.jobs.shape.skipExitCode.optional(),
    })
    .optional(),
});
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;

/** Top-level setting names, as `overridden` and `restartRequired` list them. */
export type SettingKey = keyof Settings;

export interface SettingsView {
  /** The values in effect. */
  settings: Settings;
  /** Set for this run by a command-line flag or environment variable, which wins over the file. */
  overridden: SettingKey[];
  /** Changed in the file but only used at start: in effect after a restart. */
  restartRequired: SettingKey[];
  /** Where the settings are saved; null when they are not persisted. */
  path: string | null;
  /** The roots being watched now (for the Settings view and the empty state). */
  watchedRoots: Array<{ kind: string; root: string; exists: boolean }>;
}

export const DEFAULT_SETTINGS: Settings = {
  runningWindowSec: 90,
  claudeDirs: [],
  notifications: { kinds: { blocked: true, pr: true, done: true, error: true }, throttleSec: 20, channels: [], publicUrl: null },
  port: 4747,
  jobs: { patterns: [], skipExitCode: null },
};
