import { type TemporalServerPorts, portsFromFrontend } from '@hookline/scripts/temporal-server';
import { createServer } from 'node:net';

/** A port that was free a moment ago, chosen by the kernel. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Whether nothing listens on this loopback port right now (it could be bound a moment ago). */
export async function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

// portsFromFrontend spreads a server's ports from 300 below its frontend port to 767 above it (metrics); the server
// keeps its membership ports in a `smallint` column, so all of them must stay below 32768.
const LOWEST_FRONTEND = 12_000;
const HIGHEST_FRONTEND = 31_000;

/**
 * Ports for one real Temporal server, all free a moment ago: the module's layout around a random frontend port.
 * `alsoNeeded` names more ports, placed relative to the frontend, that must be free too (a cluster's APIs, say).
 */
export async function freeTemporalServerPorts(
  alsoNeeded: (frontend: number) => number[] = () => []
): Promise<TemporalServerPorts> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const frontend = LOWEST_FRONTEND + Math.floor(Math.random() * (HIGHEST_FRONTEND - LOWEST_FRONTEND));
    const ports = portsFromFrontend(frontend);
    const all: Record<keyof TemporalServerPorts, number> = ports;
    const wanted = [...Object.values(all), ...alsoNeeded(frontend)];
    if ((await Promise.all(wanted.map(portIsFree))).every(Boolean)) return ports;
  }
  throw new Error('found no free set of ports for the Temporal server in 50 tries');
}
