/** Lantern's version, replaced at build time; `dev` when running from source. */
declare const __LANTERN_VERSION__: string | undefined;
export const VERSION: string = typeof __LANTERN_VERSION__ === 'string' ? __LANTERN_VERSION__ : '0.1.0-dev';
