import {
  Condition as ConditionSchema,
  evaluateCondition,
  readPath,
  type Condition,
  type ConditionOp,
} from '@hookline/domain';

/*
 * The condition builder edits a tree shaped like the condition it stands for, with two additions:
 * every node has a stable React key, and a leaf keeps its value as the text the user typed, so
 * typing is never reformatted under the cursor. `fromCondition` and `toCondition` round-trip
 * exactly, so an untouched condition is never sent back changed.
 */

export type GroupKind = 'all' | 'any' | 'not';

export interface UiGroup {
  key: string;
  kind: GroupKind;
  /** A `not` group holds at most one child. */
  children: UiCondition[];
}

export interface UiLeaf {
  key: string;
  kind: 'leaf';
  path: string;
  op: ConditionOp;
  /** The value as typed; its meaning depends on `op` (see parseValue). */
  raw: string;
}

export type UiCondition = UiGroup | UiLeaf;

let keySeq = 0;
export function newKey(): string {
  keySeq += 1;
  return `c${keySeq}`;
}

export function newLeaf(path = 'data.'): UiLeaf {
  return { key: newKey(), kind: 'leaf', path, op: 'eq', raw: '' };
}

export function newGroup(kind: GroupKind, children: UiCondition[] = [newLeaf()]): UiGroup {
  return { key: newKey(), kind, children };
}

// ---- values: text <-> JSON -------------------------------------------------------------------

function tryJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

/** JSON when it reads as JSON (`12`, `true`, `"12"`, `[1,2]`), else the text itself as a string. */
function parseLoose(text: string): unknown {
  const json = tryJson(text);
  return json.ok ? json.value : text;
}

function showLoose(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return tryJson(value).ok ? JSON.stringify(value) : value;
  return JSON.stringify(value);
}

function isPlainListItem(value: unknown): boolean {
  if (typeof value === 'number' || typeof value === 'boolean') return true;
  return (
    typeof value === 'string' && value !== '' && value.trim() === value && !value.includes(',') && !tryJson(value).ok
  );
}

/** The value a leaf's text stands for, by operator. */
export function parseValue(op: ConditionOp, raw: string): unknown {
  switch (op) {
    case 'exists':
      return raw === '' ? undefined : raw === 'false' ? false : raw === 'true' ? true : raw;
    case 'matches':
      return raw;
    case 'in':
    case 'nin': {
      const text = raw.trim();
      if (text === '') return [];
      if (text.startsWith('[')) {
        const json = tryJson(text);
        if (json.ok) return json.value;
      }
      return text.split(',').map((item) => parseLoose(item.trim()));
    }
    default:
      return parseLoose(raw);
  }
}

/** The text that shows a value; `parseValue(op, showValue(op, v))` gives `v` back. */
export function showValue(op: ConditionOp, value: unknown): string {
  switch (op) {
    case 'exists':
      return value === undefined ? '' : typeof value === 'boolean' ? String(value) : JSON.stringify(value);
    case 'matches':
      return typeof value === 'string' ? value : showLoose(value);
    case 'in':
    case 'nin':
      if (Array.isArray(value) && value.length > 0 && value.every(isPlainListItem)) {
        return value.map((v) => String(v)).join(', ');
      }
      return value === undefined ? '' : JSON.stringify(value);
    default:
      return showLoose(value);
  }
}

// ---- tree <-> condition -------------------------------------------------------------------------

export function fromCondition(condition: Condition): UiCondition {
  if ('all' in condition) return { key: newKey(), kind: 'all', children: condition.all.map(fromCondition) };
  if ('any' in condition) return { key: newKey(), kind: 'any', children: condition.any.map(fromCondition) };
  if ('not' in condition) return { key: newKey(), kind: 'not', children: [fromCondition(condition.not)] };
  return {
    key: newKey(),
    kind: 'leaf',
    path: condition.path,
    op: condition.op,
    raw: showValue(condition.op, condition.value),
  };
}

/**
 * The condition a tree stands for. An empty group becomes an empty list (and an empty `not` a
 * `not` of one), which the shared schema then reports on that very group.
 */
export function toCondition(node: UiCondition): Condition {
  if (node.kind === 'leaf') {
    const value = parseValue(node.op, node.raw);
    return value === undefined ? { path: node.path, op: node.op } : { path: node.path, op: node.op, value };
  }
  if (node.kind === 'not') {
    const [child] = node.children;
    return { not: child ? toCondition(child) : { all: [] } };
  }
  const children = node.children.map(toCondition);
  return node.kind === 'all' ? { all: children } : { any: children };
}

// ---- editing ---------------------------------------------------------------------------------------

/** Replaces the node with `key` (anywhere in the tree) by `replace(node)`, or removes it on null. */
export function updateNode(
  root: UiCondition,
  key: string,
  replace: (node: UiCondition) => UiCondition | null
): UiCondition | null {
  if (root.key === key) return replace(root);
  if (root.kind === 'leaf') return root;
  let changed = false;
  const children: UiCondition[] = [];
  for (const child of root.children) {
    const next = updateNode(child, key, replace);
    if (next !== child) changed = true;
    if (next) children.push(next);
  }
  return changed ? { ...root, children } : root;
}

/** Changing a group's kind; a `not` keeps one child, so several are first gathered into an `all`. */
export function withGroupKind(group: UiGroup, kind: GroupKind): UiGroup {
  if (kind === 'not' && group.children.length > 1) {
    return { ...group, kind, children: [{ key: newKey(), kind: 'all', children: group.children }] };
  }
  return { ...group, kind };
}

/** Changing a leaf's operator keeps the typed text, except to or from `exists`, whose values differ in kind. */
export function withOp(leaf: UiLeaf, op: ConditionOp): UiLeaf {
  const reset = (op === 'exists') !== (leaf.op === 'exists');
  return { ...leaf, op, raw: reset ? '' : leaf.raw };
}

// ---- validation and preview -------------------------------------------------------------------------

export interface NodeErrors {
  path?: string;
  op?: string;
  value?: string;
  /** About the group itself (empty, too deep). */
  group?: string;
}

/**
 * Places issues (paths as the shared schema or the API report them, relative to the condition)
 * on the tree's nodes: `all.1.value` is the value of the second row of the root group.
 */
export function placeErrors(
  root: UiCondition,
  issues: readonly { path: readonly (string | number)[]; message: string }[]
): Map<string, NodeErrors> {
  const placed = new Map<string, NodeErrors>();
  for (const issue of issues) {
    let node: UiCondition = root;
    let field: keyof NodeErrors = root.kind === 'leaf' ? 'value' : 'group';
    for (let i = 0; i < issue.path.length; i++) {
      const segment = String(issue.path[i]);
      if (node.kind !== 'leaf' && (segment === 'all' || segment === 'any' || segment === 'not')) {
        const index = segment === 'not' ? 0 : Number(issue.path[i + 1]);
        if (segment !== 'not') i++;
        const child: UiCondition | undefined = Number.isInteger(index) ? node.children[index] : undefined;
        if (!child) break;
        node = child;
        field = node.kind === 'leaf' ? 'value' : 'group';
      } else {
        if (node.kind === 'leaf' && (segment === 'path' || segment === 'op' || segment === 'value')) field = segment;
        break;
      }
    }
    const errors = placed.get(node.key) ?? {};
    errors[field] ??= issue.message;
    placed.set(node.key, errors);
  }
  return placed;
}

/** Validates the tree with the shared Condition schema and places the issues on its nodes. */
export function validateTree(root: UiCondition): Map<string, NodeErrors> {
  const result = ConditionSchema.safeParse(toCondition(root));
  if (result.success) return new Map();
  return placeErrors(
    root,
    result.error.issues.map((issue) => ({
      path: issue.path.filter((p): p is string | number => typeof p !== 'symbol'),
      message: issue.message,
    }))
  );
}

export interface PreviewResult {
  /** Whether the node holds for the sample; null when the node is invalid and cannot be evaluated. */
  holds: ReadonlyMap<string, boolean | null>;
  /** What each leaf's path reads from the sample. */
  actual: ReadonlyMap<string, unknown>;
}

/** Every node evaluated against the sample with the very function the worker runs. */
export function previewTree(root: UiCondition, subject: unknown): PreviewResult {
  const holds = new Map<string, boolean | null>();
  const actual = new Map<string, unknown>();
  const visit = (node: UiCondition): void => {
    const condition = toCondition(node);
    holds.set(node.key, ConditionSchema.safeParse(condition).success ? evaluateCondition(condition, subject) : null);
    if (node.kind === 'leaf') actual.set(node.key, readPath(subject, node.path));
    else node.children.forEach(visit);
  };
  visit(root);
  return { holds, actual };
}
