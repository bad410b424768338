/**
 * A job's command as the Jobs view shows it. Crontab lines often set a key inline
 * (`ANTHROPIC_API_KEY=sk-… claude -p …`, `--api-key sk-…`); the table is for seeing what runs, not
 * for copying credentials to every browser that has the token. Matching jobs to processes uses
 * the real command; only the shown text is masked.
 */
const SECRET_NAME = '[A-Za-z0-9_]*(?:KEY|TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIALS?)[A-Za-z0-9_]*';
/** `NAME=value` (quoted or not) where the name says it is a secret. */
const ASSIGNMENT = new RegExp(`\\b(${SECRET_NAME})=("[^"]*"|'[^']*'|\\S+)`, 'gi');
/** `--api-key value`, `--token=value`, `--password value`. */
const OPTION = /(--?[A-Za-z0-9-]*(?:key|token|secret|password)[A-Za-z0-9-]*)(=|\s+)("[^"]*"|'[^']*'|\S+)/gi;

export const MASK = '•••';

export function maskSecrets(command: string): string {
  return command.replace(ASSIGNMENT, (_m, name: string) => `${name}=${MASK}`).replace(OPTION, (_m, flag: string, sep: string) => `${flag}${sep}${MASK}`);
}
