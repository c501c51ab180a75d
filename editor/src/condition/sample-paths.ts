const PATH_SEGMENT = /^[\w$]+$/;

/**
 * Every dotted path a condition could read from a sample event, objects before their members,
 * for the path field's suggestions. Arrays offer their first element (`data.items.0.id`).
 */
export function samplePaths(sample: unknown, limit = 300): string[] {
  const paths: string[] = [];
  const walk = (value: unknown, prefix: string, depth: number): void => {
    if (paths.length >= limit || depth > 6 || value === null || typeof value !== 'object') return;
    const entries: [string, unknown][] = Array.isArray(value)
      ? value.length > 0
        ? [['0', value[0]]]
        : []
      : Object.entries(value as Record<string, unknown>);
    for (const [key, child] of entries) {
      if (!PATH_SEGMENT.test(key)) continue;
      const path = prefix ? `${prefix}.${key}` : key;
      paths.push(path);
      walk(child, path, depth + 1);
    }
  };
  walk(sample, '', 0);
  return paths;
}
