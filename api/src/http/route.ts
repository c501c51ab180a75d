import type { Request, Response, Router } from 'express';
import type { z } from 'zod';
import type { AppContext } from '../app-context';
import { authorize, type Principal, type Role } from './auth';
import { parseBody, parseInput } from './validate';

/**
 * Who may call a route: nobody needs a key (`public`), any valid key (`any key`), or a key with
 * one of these roles. Together the routes' `access` is the role matrix: the server enforces it,
 * the OpenAPI document publishes it, routes.test.ts proves every cell.
 */
export type Access = 'public' | 'any key' | readonly Role[];

export type Method = 'get' | 'post' | 'patch' | 'delete';

export interface RouteResponse {
  description: string;
  /** JSON body, unless `contentType` says otherwise. */
  schema?: z.ZodType;
  contentType?: string;
}

/** What a schema that may be absent parses to: nothing when it is absent. */
type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;

/** A request that got past the access check and validation. */
export interface RouteRequest<P, Q, B, A extends Access> {
  params: Parsed<P>;
  query: Parsed<Q>;
  body: Parsed<B>;
  /** The caller's key; a public route has none, even when one was sent. */
  principal: A extends 'public' ? undefined : Principal;
  /** Where the handler answers; the raw request stays out of reach, so only checked input is used. */
  res: Response;
}

/** The request as it stands before its body is checked. */
export type UncheckedBody<P, Q, A extends Access> = Omit<RouteRequest<P, Q, undefined, A>, 'body'>;

export interface RouteDeclaration<P, Q, B, A extends Access> {
  method: Method;
  /** Express syntax, mount path included: `/api/handlers/:id`. */
  path: string;
  summary: string;
  tag: string;
  access: A;
  params?: P;
  query?: Q;
  body?: B;
  /** The body may be left out altogether; no body then counts as `{}`. */
  bodyOptional?: boolean;
  /** Success responses; the problems every route can answer are added to the document for each. */
  responses: Record<number, RouteResponse>;
  /**
   * Rewrites the raw body before it is checked, for a body whose meaning depends on stored state.
   * It runs after the params and query were checked, so it may answer a problem of its own first.
   */
  prepareBody?: (raw: unknown, request: UncheckedBody<P, Q, A>, app: AppContext) => Promise<unknown>;
  /** Answers through `request.res`; a thrown HttpProblem becomes problem+json. */
  handle: (request: RouteRequest<P, Q, B, A>, app: AppContext) => Promise<void> | void;
}

/**
 * A declared route with its types erased, so that routes of every shape fit in one table: what
 * the OpenAPI document reads, plus `serve`, which runs the checks and then the declared handler.
 */
export interface Route {
  readonly method: Method;
  readonly path: string;
  readonly summary: string;
  readonly tag: string;
  readonly access: Access;
  readonly params?: z.ZodObject;
  readonly query?: z.ZodObject;
  readonly body?: z.ZodType;
  readonly bodyOptional?: boolean;
  readonly responses: Record<number, RouteResponse>;
  serve(req: Request, res: Response, app: AppContext): Promise<void>;
}

/** Parses with `schema` when the route declares one; a route that declares none gets `undefined`. */
function parseIfDeclared<S extends z.ZodType | undefined>(schema: S, value: unknown): Parsed<S> {
  // The conditional type cannot follow the narrowing of `schema`; both branches match it.
  return (schema === undefined ? undefined : parseInput(schema, value)) as Parsed<S>;
}

/**
 * One declaration per route: `handle` receives the params, query and body already parsed by the
 * declared schemas, and the caller's principal, typed accordingly. Checks run in this order, each
 * answering problem+json: the key and its role (401/403), params, query, then the body (400/415).
 */
export function defineRoute<
  P extends z.ZodObject | undefined = undefined,
  Q extends z.ZodObject | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
  const A extends Access = Access,
>(declaration: RouteDeclaration<P, Q, B, A>): Route {
  const { prepareBody, handle, ...description } = declaration;
  const serve = async (req: Request, res: Response, app: AppContext): Promise<void> => {
    // `authorize` answers the principal for every access but `public`, which the type says.
    const principal = (
      declaration.access === 'public' ? undefined : authorize(req, declaration.access)
    ) as RouteRequest<P, Q, B, A>['principal'];
    // P and Q are inferred from `params` and `query`: left out, they are `undefined` themselves.
    const params = parseIfDeclared(declaration.params as P, req.params);
    const query = parseIfDeclared(declaration.query as Q, req.query);
    const unchecked: UncheckedBody<P, Q, A> = { params, query, principal, res };
    let body = undefined as Parsed<B>;
    if (declaration.body !== undefined) {
      const raw: unknown = prepareBody ? await prepareBody(req.body, unchecked, app) : req.body;
      body = parseBody(
        declaration.body,
        raw,
        req.headers['content-type'],
        declaration.bodyOptional ?? false
      ) as Parsed<B>;
    }
    await handle({ ...unchecked, body }, app);
  };
  return { ...description, serve };
}

/**
 * Registers each route on `router`, which is mounted at `mount` (`/api`, or `` for the app itself),
 * in the order given: the caller decides where authentication and body parsing sit between them.
 */
export function serveRoutes(router: Router, routes: readonly Route[], app: AppContext, mount = ''): void {
  for (const route of routes) {
    if (!route.path.startsWith(`${mount}/`)) throw new Error(`${route.path} is not under ${mount || '/'}`);
    router[route.method](route.path.slice(mount.length), (req, res) => route.serve(req, res, app));
  }
}
