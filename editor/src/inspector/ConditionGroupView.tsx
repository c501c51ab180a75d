import { memo } from 'react';
import {
  newGroup,
  newLeaf,
  withGroupKind,
  type GroupKind,
  type NodeErrors,
  type UiCondition,
  type UiGroup,
} from '../condition/model';
import type { PreviewResult } from '../condition/model';
import { ConditionRow } from './ConditionRow';
import { Verdict } from './Verdict';

export interface TreeProps {
  errors: ReadonlyMap<string, NodeErrors>;
  preview: PreviewResult | null;
  pathListId: string;
  disabled: boolean;
  /** Replaces (or, with null, removes) the node with this key. */
  edit: (key: string, replace: (node: UiCondition) => UiCondition | null) => void;
}

interface Props extends TreeProps {
  group: UiGroup;
  label: string;
  isRoot: boolean;
}

const KIND_LABELS: Record<GroupKind, string> = {
  all: 'All of these hold',
  any: 'Any of these holds',
  not: 'This does not hold',
};

/** A group of the condition builder: all / any / not, its rows and nested groups. */
export const ConditionGroupView = memo(function ConditionGroupView({ group, label, isRoot, ...tree }: Props) {
  const { errors, preview, pathListId, disabled, edit } = tree;
  const groupError = errors.get(group.key)?.group;
  const full = group.kind === 'not' && group.children.length >= 1;
  const name = isRoot ? 'the condition' : `group ${label}`;

  return (
    <div
      className={`condition-group condition-group-${group.kind}`}
      data-testid="condition-group"
      role="group"
      aria-label={`Conditions, ${name}`}
    >
      <div className="condition-group-head">
        <select
          aria-label={`How ${name} combines its conditions`}
          value={group.kind}
          disabled={disabled}
          onChange={(e) => edit(group.key, (node) => withGroupKind(node as UiGroup, e.target.value as GroupKind))}
          data-testid="condition-group-kind"
        >
          {(Object.keys(KIND_LABELS) as GroupKind[]).map((kind) => (
            <option key={kind} value={kind}>
              {KIND_LABELS[kind]}
            </option>
          ))}
        </select>
        <Verdict holds={preview?.holds.get(group.key)} />
        {!disabled && (
          <span className="condition-group-actions">
            {!full && (
              <>
                <button
                  type="button"
                  className="button button-small"
                  onClick={() =>
                    edit(group.key, (node) => ({
                      ...(node as UiGroup),
                      children: [...(node as UiGroup).children, newLeaf()],
                    }))
                  }
                  data-testid="condition-add-row"
                >
                  + Condition
                </button>
                <button
                  type="button"
                  className="button button-small"
                  onClick={() =>
                    edit(group.key, (node) => ({
                      ...(node as UiGroup),
                      children: [...(node as UiGroup).children, newGroup('any')],
                    }))
                  }
                  data-testid="condition-add-group"
                >
                  + Group
                </button>
              </>
            )}
            <button
              type="button"
              className="button button-small button-quiet"
              onClick={() => edit(group.key, () => null)}
              aria-label={isRoot ? 'Remove the condition: always run' : `Remove ${name}`}
              data-testid="condition-remove-group"
            >
              {isRoot ? 'Always run' : 'Remove group'}
            </button>
          </span>
        )}
      </div>
      {groupError && (
        <p className="field-error" data-testid="condition-group-error">
          {group.children.length === 0 ? 'Add at least one condition to this group.' : groupError}
        </p>
      )}
      <ul className="condition-children">
        {group.children.map((child, index) => {
          const childLabel = isRoot ? String(index + 1) : `${label}.${index + 1}`;
          return child.kind === 'leaf' ? (
            <ConditionRow
              key={child.key}
              leaf={child}
              label={childLabel}
              errors={errors.get(child.key)}
              holds={preview?.holds.get(child.key)}
              actual={preview?.actual.get(child.key)}
              pathListId={pathListId}
              disabled={disabled}
              edit={edit}
            />
          ) : (
            <li key={child.key}>
              <ConditionGroupView group={child} label={childLabel} isRoot={false} {...tree} />
            </li>
          );
        })}
      </ul>
    </div>
  );
});
