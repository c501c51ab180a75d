import type { Handler } from '@hookline/domain';
import { memo, type KeyboardEvent } from 'react';
import { Link } from '../routing/Link';
import { HealthMarks } from './HealthMarks';
import { StatusToggle } from './StatusToggle';

interface Props {
  handler: Handler;
  eventLabel: string;
  selected: boolean;
  canDesign: boolean;
  onSelect: (id: number) => void;
}

/** One row of the classic handler list; Enter or a click opens it in the inspector. */
export const HandlerRow = memo(function HandlerRow({ handler, eventLabel, selected, canDesign, onSelect }: Props) {
  function onKeyDown(event: KeyboardEvent<HTMLTableRowElement>) {
    if (event.target === event.currentTarget && (event.key === 'Enter' || event.key === ' ')) {
      event.preventDefault();
      onSelect(handler.id);
    }
  }
  return (
    <tr
      className={`row-${handler.status}${handler.failingSince !== null ? ' row-failing' : ''}${selected ? ' is-selected' : ''}`}
      tabIndex={0}
      aria-selected={selected}
      onClick={() => onSelect(handler.id)}
      onKeyDown={onKeyDown}
      data-testid={`handler-row-${handler.id}`}
    >
      <td className="num">{handler.id}</td>
      <td className="num">{handler.priority}</td>
      <td className="cell-name" title={handler.name}>
        {handler.name}
      </td>
      <td className="cell-event" title={handler.event}>
        {eventLabel}
      </td>
      <td className="cell-target" title={handler.target}>
        <span className={`kind-tag kind-${handler.kind}`}>{handler.kind}</span>{' '}
        <span className="mono">{handler.target}</span>
      </td>
      <td>
        <StatusToggle handler={handler} disabled={!canDesign} />
        <HealthMarks handler={handler} canDesign={canDesign} />
      </td>
      <td>
        <Link
          to={`/executions?handlerId=${handler.id}`}
          onClick={(e) => e.stopPropagation()}
          aria-label={`Execution log of ${handler.name}`}
          data-testid={`handler-log-${handler.id}`}
        >
          Log
        </Link>
      </td>
    </tr>
  );
});
