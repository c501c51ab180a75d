import {
  ApiKeyCreate,
  ApiKeyCreated,
  ApiKeyIdentity,
  ApiKeySummary,
  AuditEntry,
  AuditQuery,
  BulkReplayRequest,
  BulkReplayStarted,
  CacheStatus,
  CachePublished,
  CatalogEntry,
  CustomEventTypeCreate,
  CustomEventTypePatch,
  DryRunRequest,
  DryRunResult,
  EventAccepted,
  EventInput,
  EventTypeParams,
  ExecutionDetail,
  ExecutionIdParams,
  ExecutionListQuery,
  ExecutionSummary,
  Handler,
  HandlerCreate,
  HandlerListQuery,
  HandlerLogEntry,
  HandlerLogsQuery,
  HandlerPatch,
  HandlerStatsResponse,
  HealthStatus,
  NumericIdParams,
  Page,
  ReorderRequest,
  ReplayProgress,
  ReplayRequest,
  ReplayStarted,
  StatsQuery,
  TestSendRequest,
  TestSendResult,
} from '@hookline/domain';
import { z } from 'zod';
import { PERMISSIONS, type Role } from '../auth';

/**
 * Who may call a route: nobody needs a key (`public`), any valid key (`any key`), or a key with
 * one of these roles. This is the role matrix: the routes enforce it and roles.test.ts proves
 * every cell, for every route the app serves.
 */
export type Access = 'public' | 'any key' | readonly Role[];

export type Method = 'get' | 'post' | 'patch' | 'delete';

export interface RouteResponse {
  description: string;
  /** JSON body, unless `contentType` says otherwise. */
  schema?: z.ZodType;
  contentType?: string;
}

export interface RouteSpec {
  method: Method;
  /** Express syntax, as the router declares it: `/api/handlers/:id`. */
  path: string;
  summary: string;
  tag: string;
  access: Access;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** The body may be left out altogether. */
  bodyOptional?: boolean;
  /** Success responses; errors (problem+json) are added for every route. */
  responses: Record<number, RouteResponse>;
}

/** A handler as written: the generated secret appears once, in the answer that generated it. */
const HandlerWritten = Handler.extend({
  secret: z.string().optional().meta({ description: 'Present only when the server generated it ("generate").' }),
});

/**
 * ReplayProgress echoes the bulk replay's filter through the request schema, whose transforms have
 * no output form in OpenAPI; the document shows it as the stored object it is.
 */
const ReplayProgressDoc = ReplayProgress.extend({
  filter: z.record(z.string(), z.unknown()).meta({ description: 'The filter the bulk replay was started with' }),
});

const ok = (description: string, schema?: z.ZodType): Record<number, RouteResponse> => ({
  200: schema ? { description, schema } : { description },
});
const noContent = (description: string): Record<number, RouteResponse> => ({ 204: { description } });

/** Both ways of cancelling a bulk replay answer alike. */
const cancelReplayResponses: Record<number, RouteResponse> = {
  200: { description: 'Stopped', schema: ReplayProgressDoc },
  202: { description: 'Still winding down: poll GET /api/replays/{id}', schema: ReplayProgressDoc },
};

export const ROUTES: readonly RouteSpec[] = [
  {
    method: 'get',
    path: '/api/health',
    summary: 'Liveness and readiness of PostgreSQL, Temporal and the worker',
    tag: 'operations',
    access: 'public',
    responses: {
      200: { description: 'Everything is up', schema: HealthStatus },
      503: { description: 'Something is down', schema: HealthStatus },
    },
  },
  {
    method: 'get',
    path: '/api/openapi.json',
    summary: 'This document',
    tag: 'operations',
    access: 'public',
    responses: ok('The OpenAPI 3.1 document', z.record(z.string(), z.unknown())),
  },
  {
    method: 'get',
    path: '/metrics',
    summary: 'Prometheus metrics',
    tag: 'operations',
    access: 'public',
    responses: { 200: { description: 'Prometheus text exposition format', contentType: 'text/plain' } },
  },
  {
    method: 'get',
    path: '/api/catalog/events',
    summary: 'The event catalogue: built-in types with their aliases, then custom types',
    tag: 'catalogue',
    access: PERMISSIONS.read,
    responses: ok('The catalogue', Page(CatalogEntry)),
  },
  {
    method: 'post',
    path: '/api/catalog/events',
    summary: 'Register a custom event type, optionally with a JSON Schema (2020-12) for its data',
    tag: 'catalogue',
    access: PERMISSIONS.design,
    body: CustomEventTypeCreate,
    responses: { 201: { description: 'Registered', schema: CatalogEntry } },
  },
  {
    method: 'patch',
    path: '/api/catalog/events/:type',
    summary: 'Change a custom event type (label, group, schema)',
    tag: 'catalogue',
    access: PERMISSIONS.design,
    params: EventTypeParams,
    body: CustomEventTypePatch,
    responses: ok('Changed', CatalogEntry),
  },
  {
    method: 'delete',
    path: '/api/catalog/events/:type',
    summary: 'Remove a custom event type that no handler uses',
    tag: 'catalogue',
    access: PERMISSIONS.design,
    params: EventTypeParams,
    responses: noContent('Removed'),
  },
  {
    method: 'get',
    path: '/api/handlers',
    summary: 'List handlers (archived ones only when asked)',
    tag: 'handlers',
    access: PERMISSIONS.read,
    query: HandlerListQuery,
    responses: ok('Handlers by event, then run order', Page(Handler)),
  },
  {
    method: 'post',
    path: '/api/handlers',
    summary: 'Create a handler',
    tag: 'handlers',
    access: PERMISSIONS.design,
    body: HandlerCreate,
    responses: { 201: { description: 'Created', schema: HandlerWritten } },
  },
  {
    method: 'post',
    path: '/api/handlers/reorder',
    summary: "Renumber an event's run order in one transaction",
    tag: 'handlers',
    access: PERMISSIONS.design,
    body: ReorderRequest,
    responses: ok('The handlers in their new order', Page(Handler)),
  },
  {
    method: 'post',
    path: '/api/handlers/dry-run',
    summary: 'Which handlers an event would run now, in which order, and why the others would not',
    tag: 'handlers',
    access: PERMISSIONS.read,
    body: DryRunRequest,
    responses: ok('The plan, against the newest snapshot', DryRunResult),
  },
  {
    method: 'get',
    path: '/api/handlers/:id',
    summary: 'One handler',
    tag: 'handlers',
    access: PERMISSIONS.read,
    params: NumericIdParams,
    responses: ok('The handler', Handler),
  },
  {
    method: 'patch',
    path: '/api/handlers/:id',
    summary: 'Change a handler; `version` must be the current one (else 409 with currentVersion)',
    tag: 'handlers',
    access: PERMISSIONS.design,
    params: NumericIdParams,
    body: HandlerPatch,
    responses: ok('Changed', HandlerWritten),
  },
  {
    method: 'delete',
    path: '/api/handlers/:id',
    summary: 'Delete a handler',
    tag: 'handlers',
    access: PERMISSIONS.design,
    params: NumericIdParams,
    responses: noContent('Deleted'),
  },
  {
    method: 'post',
    path: '/api/handlers/:id/test',
    summary: 'Send a sample event to this handler alone (its current version) and log the attempt',
    tag: 'handlers',
    access: PERMISSIONS.design,
    params: NumericIdParams,
    body: TestSendRequest,
    bodyOptional: true,
    responses: ok('The logged attempt (a failed call is still a 200: the attempt says how it failed)', TestSendResult),
  },
  {
    method: 'get',
    path: '/api/handlers/:id/logs',
    summary: "One handler's attempts, newest first",
    tag: 'executions',
    access: PERMISSIONS.read,
    params: NumericIdParams,
    query: HandlerLogsQuery,
    responses: ok('A page of attempts', Page(HandlerLogEntry)),
  },
  {
    method: 'get',
    path: '/api/cache',
    summary: 'Handler snapshot status: version, refresh times, pending changes',
    tag: 'cache',
    access: PERMISSIONS.read,
    responses: ok('The status', CacheStatus),
  },
  {
    method: 'post',
    path: '/api/cache/refresh',
    summary: 'Publish now: refresh the handler snapshot and answer its version',
    tag: 'cache',
    access: PERMISSIONS.design,
    responses: ok('Published', CachePublished),
  },
  {
    method: 'post',
    path: '/api/events',
    summary: 'Emit an event; a repeated id answers the first execution',
    tag: 'events',
    access: PERMISSIONS.emit,
    body: EventInput,
    responses: { 202: { description: 'Accepted and started (or a duplicate)', schema: EventAccepted } },
  },
  {
    method: 'get',
    path: '/api/keys/me',
    summary: 'The key making the request: id, name and role',
    tag: 'keys',
    access: 'any key',
    responses: ok('The key', ApiKeyIdentity),
  },
  {
    method: 'post',
    path: '/api/keys',
    summary: 'Create an API key; the key itself is shown in this answer only',
    tag: 'keys',
    access: PERMISSIONS.manageKeys,
    body: ApiKeyCreate,
    responses: { 201: { description: 'Created', schema: ApiKeyCreated } },
  },
  {
    method: 'get',
    path: '/api/keys',
    summary: 'List API keys (never their secrets)',
    tag: 'keys',
    access: PERMISSIONS.manageKeys,
    responses: ok('Every key, revoked ones included', Page(ApiKeySummary)),
  },
  {
    method: 'delete',
    path: '/api/keys/:id',
    summary: 'Revoke an API key (not the last active admin key)',
    tag: 'keys',
    access: PERMISSIONS.manageKeys,
    params: NumericIdParams,
    responses: noContent('Revoked'),
  },
  {
    method: 'get',
    path: '/api/audit',
    summary: 'Who changed what (handlers, catalogue, keys), when, before and after; newest first',
    tag: 'audit',
    access: PERMISSIONS.read,
    query: AuditQuery,
    responses: ok('A page of changes', Page(AuditEntry)),
  },
  {
    method: 'get',
    path: '/api/executions',
    summary: 'A page of executions, newest first',
    tag: 'executions',
    access: PERMISSIONS.read,
    query: ExecutionListQuery,
    responses: ok('A page of executions', Page(ExecutionSummary)),
  },
  {
    method: 'get',
    path: '/api/executions/:id',
    summary: "One execution with every handler's attempts in order",
    tag: 'executions',
    access: PERMISSIONS.read,
    params: ExecutionIdParams,
    responses: ok('The execution', ExecutionDetail),
  },
  {
    method: 'post',
    path: '/api/executions/:id/replay',
    summary: 'Replay one execution (all handlers or the failed ones, with the original or current handlers)',
    tag: 'replays',
    access: PERMISSIONS.replay,
    params: ExecutionIdParams,
    body: ReplayRequest,
    bodyOptional: true,
    responses: { 202: { description: 'The replay execution started', schema: ReplayStarted } },
  },
  {
    method: 'post',
    path: '/api/executions/replay',
    summary: 'Replay every execution a filter matches, as a workflow with bounded concurrency',
    tag: 'replays',
    access: PERMISSIONS.replay,
    body: BulkReplayRequest,
    responses: { 202: { description: 'The bulk replay started', schema: BulkReplayStarted } },
  },
  {
    method: 'get',
    path: '/api/replays/:id',
    summary: 'Progress of a bulk replay',
    tag: 'replays',
    access: PERMISSIONS.read,
    params: ExecutionIdParams,
    responses: ok('Progress', ReplayProgressDoc),
  },
  {
    method: 'post',
    path: '/api/replays/:id/cancel',
    summary: 'Cancel a bulk replay',
    tag: 'replays',
    access: PERMISSIONS.replay,
    params: ExecutionIdParams,
    responses: cancelReplayResponses,
  },
  {
    method: 'delete',
    path: '/api/replays/:id',
    summary: 'Cancel a bulk replay (same as POST …/cancel)',
    tag: 'replays',
    access: PERMISSIONS.replay,
    params: ExecutionIdParams,
    responses: cancelReplayResponses,
  },
  {
    method: 'get',
    path: '/api/stats/handlers',
    summary: 'Per handler: calls, failures, p50/p95 duration, last failure',
    tag: 'stats',
    access: PERMISSIONS.read,
    query: StatsQuery,
    responses: ok('Handler health over the window', HandlerStatsResponse),
  },
];
