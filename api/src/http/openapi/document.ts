import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Condition, Handler, ProblemDetails } from '@hookline/domain';
import {
  createDocument,
  type ZodOpenApiObject,
  type ZodOpenApiOperationObject,
  type ZodOpenApiPathsObject,
  type ZodOpenApiResponsesObject,
} from 'zod-openapi';
import type { Route, RouteResponse } from '../route';

const VERSION = (
  JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as { version: string }
).version;

/** `/api/handlers/:id` → `/api/handlers/{id}` */
export function openApiPath(expressPath: string): string {
  return expressPath.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ProblemDetails } },
});

type ResponseStatus = `${1 | 2 | 3 | 4 | 5}${string}`;

function successResponse({ description, schema, contentType }: RouteResponse) {
  if (!schema && !contentType) return { description };
  return { description, content: { [contentType ?? 'application/json']: schema ? { schema } : {} } };
}

/** The route's own success answers, then the problems every route of its kind can answer. */
function responsesOf(route: Route): ZodOpenApiResponsesObject {
  const responses: ZodOpenApiResponsesObject = {};
  for (const [status, response] of Object.entries(route.responses)) {
    responses[status as ResponseStatus] = successResponse(response);
  }
  if (route.access !== 'public') {
    responses['401'] = problem('No API key, or an unknown or revoked one');
    if (route.access !== 'any key') responses['403'] = problem('The key’s role may not do this');
  }
  if (route.params || route.query || route.body) {
    responses['400'] = problem('Invalid request: `errors` names each field');
  }
  responses['default'] = problem('Any other error (404, 409, 413, 415, 503 with Retry-After, 500)');
  return responses;
}

/** `post` + `/api/handlers/{id}/test` → `postApiHandlersIdTest` */
function operationId(route: Route): string {
  const words = openApiPath(route.path).replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) =>
    (c ?? '').toUpperCase()
  );
  return `${route.method}${words}`;
}

function operationOf(route: Route): ZodOpenApiOperationObject {
  const access = route.access === 'public' || route.access === 'any key' ? route.access : [...route.access];
  const operation: ZodOpenApiOperationObject = {
    operationId: operationId(route),
    summary: route.summary,
    description: `Access: ${Array.isArray(access) ? access.join(', ') : access}.`,
    tags: [route.tag],
    // Machine-readable for clients such as the editor: who may call this operation.
    'x-hookline-access': access,
    responses: responsesOf(route),
  };
  if (route.access === 'public') operation.security = [];
  if (route.params || route.query) {
    operation.requestParams = {
      ...(route.params ? { path: route.params } : {}),
      ...(route.query ? { query: route.query } : {}),
    };
  }
  if (route.body) {
    operation.requestBody = {
      required: !route.bodyOptional,
      content: { 'application/json': { schema: route.body } },
    };
  }
  return operation;
}

/** The OpenAPI 3.1 document, generated from the declared routes and the shared zod schemas. */
export function buildOpenApiDocument(routes: readonly Route[]): ReturnType<typeof createDocument> {
  const paths: ZodOpenApiPathsObject = {};
  for (const route of routes) {
    const path = openApiPath(route.path);
    paths[path] = { ...paths[path], [route.method]: operationOf(route) };
  }
  const document: ZodOpenApiObject = {
    openapi: '3.1.0',
    info: {
      title: 'Hookline',
      version: VERSION,
      description: 'Durable provisioning webhooks on Temporal. Errors are RFC 9457 application/problem+json.',
    },
    security: [{ bearer: [] }],
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'An API key: `hl_…`' } },
      // Named, so that they appear once and the recursive condition tree is a $ref to itself.
      schemas: { Condition, Handler, ProblemDetails },
    },
  };
  return createDocument(document);
}
