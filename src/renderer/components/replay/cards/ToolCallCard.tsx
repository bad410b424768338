/**
 * A tool call with its input and, when loaded, its result: Bash shows the command, file edits
 * the path (input collapsed), anything else its input as JSON (collapsed past 12 lines).
 */
import type { ToolCallEvent, ToolResultEvent } from '../../../state/replay-pages';
import { Disclosure } from '../Disclosure';
import { LongText } from '../LongText';
import { FILE_EDIT_TOOLS, prettyJson, stringField, statusTone, toolStatus } from '../tool-format';
import { CardFrame } from './CardFrame';
import { ToolOutput } from './ToolOutput';
import { ToolStatusChip } from './ToolStatusChip';

function ToolInput({ call }: { call: ToolCallEvent }) {
  const key = `${call.id}:input`;
  const command = call.name === 'Bash' ? stringField(call.input, 'command') : null;
  if (command !== null) {
    const description = stringField(call.input, 'description');
    return (
      <div class="tool-input">
        {description && <p class="tool-description">{description}</p>}
        <LongText text={command} openKey={key} maxLines={12} class="command" label="command" />
      </div>
    );
  }
  if (FILE_EDIT_TOOLS.has(call.name)) {
    const path = stringField(call.input, 'file_path', 'notebook_path', 'path');
    return (
      <div class="tool-input">
        {path && <p class="tool-path mono">{path}</p>}
        <Disclosure openKey={key} summary="input">
          <LongText text={prettyJson(call.input)} openKey={`${key}-text`} maxLines={60} label="input" />
        </Disclosure>
      </div>
    );
  }
  return (
    <div class="tool-input">
      <LongText text={prettyJson(call.input)} openKey={key} maxLines={12} label="input" />
    </div>
  );
}

export function ToolCallCard({ event: call, result }: { event: ToolCallEvent; result: ToolResultEvent | undefined }) {
  const status = toolStatus(result);
  return (
    <CardFrame
      eventId={call.id}
      family="tool"
      label="tool"
      ts={call.ts}
      tone={statusTone(status)}
      meta={
        <>
          <span class="tool-name" data-testid="tool-name">
            {call.name}
          </span>
          <ToolStatusChip result={result} />
        </>
      }
    >
      <ToolInput call={call} />
      {result && <ToolOutput result={result} />}
    </CardFrame>
  );
}
