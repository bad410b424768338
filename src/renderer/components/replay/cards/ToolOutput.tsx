/** A tool result's output: collapsed past 20 lines, clipped characters noted, errors in red. */
import type { ToolResultEvent } from '../../../state/replay-pages';
import { LongText } from '../LongText';

export function ToolOutput({ result: r }: { result: ToolResultEvent }) {
  const error = r.isError && !r.interrupted;
  return (
    <div class={error ? 'tool-output is-error' : 'tool-output'} data-testid="tool-output">
      {r.text === '' ? (
        <span class="muted-inline">(no output)</span>
      ) : (
        <LongText text={r.text} openKey={`${r.id}:output`} maxLines={20} class={error ? 'error-out' : undefined} label="output" />
      )}
      {r.omittedChars !== undefined && r.omittedChars > 0 && (
        <p class="omitted" data-testid="omitted">
          {`… ${r.omittedChars.toLocaleString('en-US')} characters omitted; the full output is in the transcript`}
        </p>
      )}
    </div>
  );
}
