/** ok / error / interrupted / pending, with the duration when the result has one. */
import { duration } from '../../../format/format';
import type { ToolResultEvent } from '../../../state/replay-pages';
import { toolStatus } from '../tool-format';

export function ToolStatusChip({ result }: { result: ToolResultEvent | undefined }) {
  const status = toolStatus(result);
  return (
    <>
      <span class={`tool-status status-${status}`} data-testid="tool-status" data-status={status}>
        {status}
      </span>
      {result?.durationMs !== undefined && (
        <span class="card-meta tool-duration" data-testid="tool-duration">
          {duration(result.durationMs)}
        </span>
      )}
    </>
  );
}
