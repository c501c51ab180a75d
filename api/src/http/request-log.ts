import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { serializeError } from '@hookline/services/logging';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,100}$/;

/**
 * One line per request at the logger's level, with only method, url and status: the
 * Authorization header (an API key) and bodies (handler secrets) must never reach the logs.
 */
export function requestLog(log: Logger): RequestHandler {
  return pinoHttp({
    logger: log,
    genReqId: (req, res) => {
      const given = req.headers['x-request-id'];
      const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
      res.setHeader('X-Request-Id', id);
      return id;
    },
    serializers: {
      req: (req: { id: unknown; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      // pino-http puts its own error serializer on the request loggers it makes, in place of ours.
      err: serializeError,
    },
    customLogLevel: (_req, res) => (res.statusCode >= 500 ? 'warn' : 'info'),
    // pino-http invents an Error for every 5xx; the real one, if any, is logged by the problem handler.
    customErrorObject: (_req, _res, _err, line: Record<string, unknown>) => ({ ...line, err: undefined }),
    // Probes and scrapers poll every few seconds; logging each would drown everything else.
    autoLogging: { ignore: (req) => req.url === '/api/health' || req.url === '/metrics' },
  });
}
