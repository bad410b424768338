import { Command, Option } from 'commander';
import { DEFAULT_SETTINGS } from '../../shared/settings';
import { addJobOptions, jobOptions, type JobFlags } from '../job-options';
import { addNotifyOptions, flagChannels, type NotifyFlags } from '../notify-options';
import { addSourceOptions, engineOptions, portNumber, type SourceFlags } from '../source-options';

export const DEFAULT_PORT = DEFAULT_SETTINGS.port;

interface ServeFlags extends SourceFlags, JobFlags, NotifyFlags {
  host: string;
  allowHost: string[];
  /** Set only by --port or LANTERN_PORT; otherwise the port saved in settings.json (default 4747). */
  port?: number;
  token?: string;
  /** Undefined unless --desktop-notifications or --no-desktop-notifications was given: then auto. */
  desktopNotifications?: boolean;
}

export function registerServe(program: Command): void {
  const cmd = program
    .command('serve')
    .description('run the engine headless and serve the API and UI over HTTP')
    .option(
      '--host <host>',
      'address to listen on; 0.0.0.0 or a LAN address lets other machines in (their agents\' OpenTelemetry, hooks): needs a token of 16+ characters, see docs/remote.md',
      '127.0.0.1',
    )
    .option('--allow-host <name>', 'another Host name to answer to, e.g. a DNS name other machines use for this one (repeatable)', (v: string, prev: string[]) => [...prev, v], [])
    .addOption(new Option('--port <port>', `port to listen on (default: settings.json, else ${DEFAULT_PORT})`).env('LANTERN_PORT').argParser(portNumber))
    .addOption(new Option('--token <token>', 'API token (default: generated once into <data dir>/token)').env('LANTERN_TOKEN'))
    // Both forms defined: commander leaves the value undefined unless one is given, which means auto.
    .option('--desktop-notifications', 'show alerts as desktop notifications even where no desktop session is detected')
    .option('--no-desktop-notifications', 'never show desktop notifications (default: on when a desktop session is available)');
  addNotifyOptions(addJobOptions(addSourceOptions(cmd))).action(async (flags: ServeFlags) => {
    const { startHeadless } = await import('../../node-host/headless');
    const host = await startHeadless({
      engine: { ...engineOptions(flags, 'serve'), jobs: jobOptions(flags), flagChannels: flagChannels(flags) },
      host: flags.host,
      allowedHosts: flags.allowHost,
      port: flags.port,
      token: flags.token ?? null,
      out: process.stdout,
      desktopNotifications: flags.desktopNotifications ?? 'auto',
    });
    const shutdown = () => {
      void host.stop().then(() => process.exit(0));
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
  });
}
