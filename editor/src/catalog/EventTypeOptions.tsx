import { EVENT_GROUPS } from '@hookline/domain';
import { useCatalog } from './useCatalog';

/**
 * The catalogue's event types as `<option>`s grouped by family, in the catalogue's order: every event picker of the
 * editor (filters, the inspector) offers them alike. `showType` adds the machine name to the label.
 */
export function EventTypeOptions({ showType = false }: { showType?: boolean }) {
  const catalog = useCatalog();
  return (
    <>
      {EVENT_GROUPS.map((group) => {
        const entries = catalog.entries.filter((e) => e.group === group);
        return entries.length === 0 ? null : (
          <optgroup key={group} label={group}>
            {entries.map((entry) => (
              <option key={entry.type} value={entry.type}>
                {showType ? `${entry.label} — ${entry.type}` : entry.label}
              </option>
            ))}
          </optgroup>
        );
      })}
    </>
  );
}
