/**
 * One event as its card. A class component so a row re-renders only when its event or its linked
 * partner (a call's result, a result's call) changes: appending events or loading other pages
 * does not touch the cards already on screen.
 */
import { Component } from 'preact';
import type { LanternEvent } from '../../../../shared/events';
import type { ToolCallEvent, ToolResultEvent } from '../../../state/replay-pages';
import { AssistantCard } from './AssistantCard';
import { MilestoneCard } from './MilestoneCard';
import { NotificationCard } from './NotificationCard';
import { PromptCard } from './PromptCard';
import { StatusCard } from './StatusCard';
import { SystemCard } from './SystemCard';
import { ThinkingCard } from './ThinkingCard';
import { ToolCallCard } from './ToolCallCard';
import { ToolResultCard } from './ToolResultCard';
import { UnparsedCard } from './UnparsedCard';
import { UsageCard } from './UsageCard';

export interface CardProps {
  event: LanternEvent;
  /** For a tool call its result, for a tool result its call (when loaded). */
  link?: LanternEvent;
}

export function renderCard({ event: e, link }: CardProps) {
  switch (e.kind) {
    case 'prompt':
      return <PromptCard event={e} />;
    case 'assistant_text':
      return <AssistantCard event={e} />;
    case 'thinking':
      return <ThinkingCard event={e} />;
    case 'tool_call':
      return <ToolCallCard event={e} result={link?.kind === 'tool_result' ? (link as ToolResultEvent) : undefined} />;
    case 'tool_result':
      return <ToolResultCard event={e} call={link?.kind === 'tool_call' ? (link as ToolCallEvent) : undefined} />;
    case 'usage':
      return <UsageCard event={e} />;
    case 'milestone':
      return <MilestoneCard event={e} />;
    case 'status':
      return <StatusCard event={e} />;
    case 'notification':
      return <NotificationCard event={e} />;
    case 'system':
      return <SystemCard event={e} />;
    case 'unparsed':
      return <UnparsedCard event={e} />;
    default:
      return null;
  }
}

export class Card extends Component<CardProps> {
  override shouldComponentUpdate(next: CardProps): boolean {
    return next.event !== this.props.event || next.link !== this.props.link;
  }
  override render() {
    return renderCard(this.props);
  }
}
