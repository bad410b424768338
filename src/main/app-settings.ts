/**
 * The tray app's own settings, their defaults and their JSON schema (settings-store.ts keeps them
 * in electron-store, validated against it): the window's bounds and launch at login. Nothing else.
 *
 * Why two stores: the engine's settings (running window, notification kinds and throttle, port,
 * Claude dirs) stay in the engine's `settings.json` in the data dir, the single source that
 * `lantern serve` reads too. The Settings view edits them through the contract
 * (getSettings/updateSettings), and the engine applies each change at once. What lives here only
 * makes sense for this app on this desktop, and is stored in Electron's userData directory.
 */
import type { Schema } from 'electron-store';

export interface WindowBounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface AppSettings {
  window: { bounds: WindowBounds | null; maximized: boolean };
  launchAtLogin: boolean;
}

export const APP_SETTINGS_DEFAULTS: AppSettings = {
  window: { bounds: null, maximized: false },
  launchAtLogin: false,
};

/** Far outside any real screen layout, small enough to rule out garbage. */
const COORD = { type: 'integer', minimum: -100_000, maximum: 100_000 } as const;
export const MIN_WINDOW = { width: 480, height: 320 };
const MAX_SIDE = 20_000;

export const appSettingsSchema: Schema<AppSettings> = {
  window: {
    type: 'object',
    additionalProperties: false,
    required: ['bounds', 'maximized'],
    properties: {
      bounds: {
        anyOf: [
          { type: 'null' },
          {
            type: 'object',
            additionalProperties: false,
            required: ['x', 'y', 'width', 'height'],
            properties: {
              x: COORD,
              y: COORD,
              width: { type: 'integer', minimum: MIN_WINDOW.width, maximum: MAX_SIDE },
              height: { type: 'integer', minimum: MIN_WINDOW.height, maximum: MAX_SIDE },
            },
          },
        ],
      },
      maximized: { type: 'boolean' },
    },
    default: APP_SETTINGS_DEFAULTS.window,
  },
  launchAtLogin: { type: 'boolean', default: APP_SETTINGS_DEFAULTS.launchAtLogin },
};
