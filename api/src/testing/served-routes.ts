import type { Express } from 'express';

export interface ServedRoute {
  method: string;
  /** Express syntax, mount paths included: `/api/handlers/:id`. */
  path: string;
}

// The shape of router 2.x internals this walks: layers with a raw path, a route, or a nested router.
interface Layer {
  rawPath?: unknown;
  route?: { path: unknown; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

function joinPath(prefix: string, path: string): string {
  const joined = `${prefix}/${path}`.replace(/\/+/g, '/');
  return joined.length > 1 ? joined.replace(/\/$/, '') : joined;
}

function walk(stack: Layer[], prefix: string, out: ServedRoute[]): void {
  for (const layer of stack) {
    if (layer.route) {
      const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
      for (const path of paths) {
        if (typeof path !== 'string') throw new Error(`route path ${String(path)} is not a string`);
        for (const [method, on] of Object.entries(layer.route.methods)) {
          if (on && method !== '_all') out.push({ method, path: joinPath(prefix, path) });
        }
      }
    } else if (layer.handle?.stack) {
      const mount = typeof layer.rawPath === 'string' ? layer.rawPath : '/';
      walk(layer.handle.stack, joinPath(prefix, mount), out);
    }
  }
}

/** Every (method, path) the app answers with a route, found by walking Express's router stack. */
export function servedRoutes(app: Express): ServedRoute[] {
  // Express 5 builds `app.router` on first use; its stack is where every app.use / app.get landed.
  const router = (app as unknown as { router: { stack: Layer[] } }).router;
  const out: ServedRoute[] = [];
  walk(router.stack, '', out);
  return out;
}
