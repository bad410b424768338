/**
 * The tray's context menu as a template (pure: only electron's types). Blocked agents first (they
 * are waiting for the user), then running ones, each opening its replay; then the pause, the
 * browser, settings, launch at login and quit. Titles come from agent transcripts, so they are
 * flattened to one short line and `&` is doubled (it marks a mnemonic in menu labels).
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { TrayAgent, TrayState } from './tray-state';

export const MENU_LIST_MAX = 10;
const LABEL_MAX = 60;

export interface TrayActions {
  showWindow(): void;
  showAgent(id: string): void;
  pause(kind: 'hour' | 'tomorrow'): void;
  resume(): void;
  openInBrowser(): void;
  showSettings(): void;
  showJobs(): void;
  setLaunchAtLogin(on: boolean): void;
  quit(): void;
}

/** One line, at most `max` characters, safe as a menu label. */
export function menuText(text: string, max = LABEL_MAX): string {
  const line = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').replace(/\s+/g, ' ').trim();
  const short = line.length > max ? `${line.slice(0, max - 1).trimEnd()}…` : line;
  return short.replace(/&/g, '&&');
}

const REASONS: Record<string, string> = { permission: 'needs permission', question: 'has a question', input: 'waits for input' };

export function agentLabel(a: TrayAgent): string {
  const name = [a.project, a.title].filter((s): s is string => !!s && s.trim() !== '').join(' · ') || a.id;
  const reason = a.reason ? ` — ${REASONS[a.reason] ?? a.reason}` : '';
  return menuText(name + reason);
}

function pausedLabel(until: string, now: number): string {
  const d = new Date(until);
  const time = d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  const sameDay = new Date(now).toDateString() === d.toDateString();
  return `Notifications paused until ${sameDay ? time : `${d.toLocaleDateString([], { weekday: 'short' })} ${time}`}`;
}

function section(title: string, agents: TrayAgent[], total: number, actions: TrayActions): MenuItemConstructorOptions[] {
  if (total === 0) return [];
  const items: MenuItemConstructorOptions[] = [{ label: `${title} (${total})`, enabled: false }];
  for (const a of agents) items.push({ id: `agent:${a.id}`, label: agentLabel(a), click: () => actions.showAgent(a.id) });
  if (total > agents.length) items.push({ label: `…and ${total - agents.length} more`, click: () => actions.showWindow() });
  return items;
}

export function buildTrayMenu(state: TrayState, actions: TrayActions, now: number): MenuItemConstructorOptions[] {
  const agents = [...section('Blocked', state.blockedAgents, state.blocked, actions), ...section('Running', state.runningAgents, state.running, actions)];
  const paused = state.pausedUntil !== null && Date.parse(state.pausedUntil) > now;
  return [
    ...agents,
    ...(agents.length ? [{ type: 'separator' } as const] : []),
    { id: 'show', label: 'Show Lantern', click: () => actions.showWindow() },
    {
      id: 'pause',
      label: paused && state.pausedUntil ? pausedLabel(state.pausedUntil, now) : 'Pause notifications',
      submenu: [
        { id: 'pause-hour', label: 'For 1 hour', click: () => actions.pause('hour') },
        { id: 'pause-tomorrow', label: 'Until tomorrow morning', click: () => actions.pause('tomorrow') },
        { type: 'separator' },
        { id: 'resume', label: 'Resume', enabled: paused, click: () => actions.resume() },
      ],
    },
    { id: 'browser', label: 'Open in browser', click: () => actions.openInBrowser() },
    { id: 'jobs', label: 'Scheduled jobs…', click: () => actions.showJobs() },
    { id: 'settings', label: 'Settings…', click: () => actions.showSettings() },
    { id: 'login', label: 'Launch at login', type: 'checkbox', checked: state.launchAtLogin, click: (item) => actions.setLaunchAtLogin(item.checked) },
    { type: 'separator' },
    { id: 'quit', label: 'Quit Lantern', click: () => actions.quit() },
  ];
}

/** What a menu shows, without its click handlers: two menus with the same signature look the same. */
export function menuSignature(template: MenuItemConstructorOptions[]): string {
  return JSON.stringify(template, (key, value) => (key === 'click' ? undefined : value));
}
