import { Command, Option } from 'commander';
import { addSourceOptions, engineOptions, portNumber, type SourceFlags } from '../source-options';

export const DEFAULT_PORT = 4747;

interface ServeFlags extends SourceFlags {
  host: string;
  port: number;
  token?: string;
}

export function registerServe(program: Command): void {
  const cmd = program
    .command('serve')
    .description('run the engine headless and serve the API and UI over HTTP')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .addOption(new Option('--port <port>', `port to listen on (default ${DEFAULT_PORT})`).env('LANTERN_PORT').argParser(portNumber))
    .addOption(new Option('--token <token>', 'API token (default: generated once into <data dir>/token)').env('LANTERN_TOKEN'));
  addSourceOptions(cmd).action(async (flags: ServeFlags) => {
    const { startHeadless } = await import('../../node-host/headless');
    const host = await startHeadless({
      engine: engineOptions(flags, 'serve'),
      host: flags.host,
      port: flags.port ?? DEFAULT_PORT,
      token: flags.token ?? null,
      out: process.stdout,
    });
    const shutdown = () => {
      void host.stop().then(() => process.exit(0));
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
  });
}
