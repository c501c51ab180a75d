import { describe, expect } from 'vitest';
import { test } from '../../testing/fixtures';
import { ROUTES } from '../../routes';
import { openApiPath } from './document';

type OpenApiDocument = {
  openapi: string;
  paths: Record<string, Record<string, { security?: unknown[]; requestBody?: unknown; responses: object }>>;
};

describe('GET /api/openapi.json', () => {
  let doc: OpenApiDocument;
  test.beforeAll(async ({ api }) => {
    const res = await api.request('/api/openapi.json', { key: null });
    expect(res.status).toBe(200);
    doc = res.body as OpenApiDocument;
  });

  test('is a valid OpenAPI 3.1 document, served without a key', async () => {
    expect(doc.openapi).toBe('3.1.0');
    // ESM only, hence the dynamic import from this CommonJS test.
    const { Validator } = await import('@seriousme/openapi-schema-validator');
    const result = await new Validator().validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  // The app serves exactly the declared routes (routes.test.ts proves anything else is a 404).
  test('documents every declared route once, and nothing else', () => {
    const declared = ROUTES.map((r) => `${r.method.toUpperCase()} ${openApiPath(r.path)}`);
    expect(new Set(declared).size, 'a route is declared twice').toBe(declared.length);
    const documented = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`)
    );
    expect([...declared].sort()).toEqual([...documented].sort());
  });

  test('renders request bodies, parameters and errors from the zod schemas', () => {
    const create = doc.paths['/api/handlers']!['post']!;
    expect(JSON.stringify(create.requestBody)).toContain('"retry"');
    expect(Object.keys(create.responses)).toEqual(expect.arrayContaining(['201', '400', '401', '403', 'default']));
    expect(doc.paths['/api/health']!['get']!.security).toEqual([]);
    const events = JSON.stringify(doc.paths['/api/executions']!['get']);
    for (const name of ['status', 'event', 'handlerId', 'objectId', 'from', 'to', 'q', 'cursor', 'limit']) {
      expect(events).toContain(`"name":"${name}"`);
    }
  });
});
