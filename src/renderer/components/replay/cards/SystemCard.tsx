/** A system record: subtype, its text (terminal output shown inertly), its data collapsed. */
import type { EventOf } from '../../../../shared/events';
import { Disclosure } from '../Disclosure';
import { LongText } from '../LongText';
import { prettyJson } from '../tool-format';
import { CardFrame } from './CardFrame';

export function SystemCard({ event: e }: { event: EventOf<'system'> }) {
  const hasData = e.data !== undefined && Object.keys(e.data).length > 0;
  const error = /error/i.test(e.subtype);
  return (
    <CardFrame
      eventId={e.id}
      family="system"
      label="system"
      ts={e.ts}
      tone={error ? 'error' : null}
      compact={!e.text && !hasData}
      meta={<span class="card-meta subtype">{e.subtype}</span>}
    >
      {(e.text || hasData) && (
        <>
          {e.text && <LongText text={e.text} openKey={`${e.id}:text`} maxLines={12} label="text" />}
          {hasData && (
            <Disclosure openKey={`${e.id}:data`} summary="data">
              <LongText text={prettyJson(e.data)} openKey={`${e.id}:data-text`} maxLines={60} label="data" />
            </Disclosure>
          )}
        </>
      )}
    </CardFrame>
  );
}
