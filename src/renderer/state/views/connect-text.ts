/**
 * What the empty states show to connect an agent: the commands and the `report` shell function,
 * as README.md "Reporting milestones" gives them. Plain text, shown in <pre>.
 */

export const DEFAULT_PORT = 4747;

/**
 * Lantern's URL for `DASH`: the page's own origin when it is served over http(s) (the browser UI),
 * else loopback on the configured port (the tray app's window), else the default port.
 */
export function dashUrl(origin: string | null | undefined, port: number | null | undefined): string {
  if (origin && /^https?:\/\/[^/]+$/i.test(origin)) return origin;
  return `http://127.0.0.1:${port && port > 0 ? port : DEFAULT_PORT}`;
}

export function reportFunctionText(url: string = dashUrl(null, DEFAULT_PORT)): string {
  return [
    `export DASH=${url}`.padEnd(50) + '# the URL `lantern serve` printed',
    'export TOKEN=$(cat ~/.local/share/lantern/token)  # <data dir>/token, see "Data dir"',
    '',
    'report() {  # report <phase> <issue|-> <level> <title> [pr_url]',
    '  curl -s -X POST "$DASH/api/event" \\',
    '    -H "X-Token: $TOKEN" -H "Content-Type: application/json" \\',
    '    -d "{\\"phase\\":\\"$1\\",\\"issue\\":\\"$2\\",\\"level\\":\\"$3\\",\\"title\\":\\"$4\\",\\"pr_url\\":\\"$5\\"}"',
    '}',
    '',
    'report fix ISSUE-42 info "found the off-by-one"',
    'report pr ISSUE-42 success "PR opened" https://github.com/acme/shop/pull/7',
  ].join('\n');
}

export const LANTERN_REPORT_USAGE = 'lantern report <phase> <issue|-> <level> <title> [pr_url] [--session S] [--url U] [--token T] [--data-dir D]';

export const LANTERN_REPORT_EXAMPLE = 'lantern report test ISSUE-42 success "tests pass"';

export const MILESTONE_FIELDS = '{issue, phase, level, title, pr_url?}';

export const PHASES_TEXT = 'setup → repro → fix → test → lint → pr → done, or blocked';
