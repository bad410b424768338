export const ROOT: string;
export function electronVersion(root?: string): string | null;
export function electronBinary(env?: NodeJS.ProcessEnv, root?: string): string | null;
export function nativeBindingPath(version: string, platform?: NodeJS.Platform, arch?: string, root?: string): string;
export function hasDisplay(env?: NodeJS.ProcessEnv, platform?: NodeJS.Platform): boolean;
export function appEntry(root?: string): { main: string | null; built: boolean };
