/** Spend rate: $/min (rolling 5 minutes), $/hour, today, projected month-end. */
import { useApp } from '../../context';
import { money } from '../../format/format';

const ITEMS = [
  { key: 'perMinute', testid: 'burn-per-minute', label: 'per minute', hint: 'rolling 5 minutes' },
  { key: 'perHour', testid: 'burn-per-hour', label: 'per hour', hint: 'the last 60 minutes' },
  { key: 'today', testid: 'burn-today', label: 'today', hint: 'since local midnight' },
  { key: 'projectedMonthEnd', testid: 'burn-month-end', label: 'month-end', hint: 'month to date plus the average day times the days left' },
] as const;

export function BurnTicker() {
  const { store } = useApp();
  const burn = store.burn.value;
  return (
    <section class="burn-ticker" aria-label="Spend rate" data-testid="burn-ticker">
      <dl>
        {ITEMS.map((it) => (
          <div class={`burn-item burn-${it.key}`} key={it.key} title={it.hint}>
            <dt>{it.label}</dt>
            <dd class="mono" data-testid={it.testid}>
              {money(burn ? burn[it.key] : null)}
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
