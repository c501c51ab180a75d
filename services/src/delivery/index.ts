import type { Socket } from 'node:net';
import { Agent, buildConnector, type Dispatcher } from 'undici';
import type { HooklineEvent, SnapshotHandler } from '@hookline/domain';
import { guardedLookup } from './guarded-lookup';
import { deliverHttp } from './http-delivery';
import { deliverScript } from './script-delivery';
import { createTargetPolicy } from './target-policy';
import type { DeliveryContext, Deliverer, DeliveryResult } from './types';

export type {
  Deliverer,
  DeliveryContext,
  DeliveryOutcome,
  DeliveryRequestLog,
  DeliveryResponseLog,
  DeliveryResult,
} from './types';
export { createTargetPolicy, type TargetPolicy } from './target-policy';
export { DEFAULT_TARGET_DENY, type DefaultDenyEntry } from './default-deny';
export { isPublicAddress } from './address-scope';
export { HOOKLINE_USER_AGENT } from './user-agent';
export { parseRetryAfter } from './retry-after';
export { classifyStatus } from './classify';
export { redactRequestHeaders, redactResponseHeaders, REDACTED } from './redact';

export interface DelivererOptions {
  /**
   * Config.targetDeny / Config.targetAllow: CIDRs, checked on every resolved address. The deny list
   * adds to DEFAULT_TARGET_DENY, which always applies; allow opens ranges of either.
   */
  targetDeny: string[];
  targetAllow: string[];
  /** Config.scriptsDir; undefined turns script handlers off. */
  scriptsDir: string | undefined;
  /** `hookline/<version>`. */
  userAgent: string;
  /**
   * Replaces the built-in keep-alive Agent. Its connections do not go through the policy's DNS check,
   * so only literal IP targets are checked then: pass one only in tests, or one built the same way.
   */
  dispatcher?: Dispatcher;
}

export interface ClosableDeliverer extends Deliverer {
  /** Closes the built-in Agent's keep-alive connections (not a dispatcher that was passed in). */
  close(): Promise<void>;
}

/**
 * One deliverer per worker: it owns the keep-alive Agent, so repeated calls to the same receiver reuse
 * connections. Throws at once when a CIDR is malformed, so a bad configuration fails the worker's start.
 */
export function createDeliverer(options: DelivererOptions): ClosableDeliverer {
  const policy = createTargetPolicy(options.targetDeny, options.targetAllow);
  let ownAgent: Agent | null = null;
  const dispatcher = options.dispatcher ?? (ownAgent = new Agent({ connect: { lookup: guardedLookup(policy) } }));
  /** One Agent for one call, whose connector notes the address the socket reached. */
  const deliverOnOwnConnection = async (
    handler: SnapshotHandler,
    event: HooklineEvent,
    ctx: DeliveryContext
  ): Promise<DeliveryResult> => {
    const connect = buildConnector({ lookup: guardedLookup(policy) });
    let remoteAddress: string | undefined;
    const agent = new Agent({
      connect: (opts, callback) =>
        connect(opts, (...args) => {
          const socket: Socket | null = args[1];
          if (socket?.remoteAddress) remoteAddress = socket.remoteAddress;
          callback(...args);
        }),
    });
    try {
      const result = await deliverHttp(handler, event, ctx, {
        policy,
        userAgent: options.userAgent,
        dispatcher: agent,
      });
      // A literal IP target already carries its address; otherwise the socket's.
      return result.remoteAddress === undefined && remoteAddress !== undefined ? { ...result, remoteAddress } : result;
    } finally {
      await agent.destroy();
    }
  };
  return {
    deliver(handler: SnapshotHandler, event: HooklineEvent, ctx: DeliveryContext): Promise<DeliveryResult> {
      if (handler.kind === 'script') return deliverScript(handler, event, ctx, options.scriptsDir);
      if (ctx.ownConnection && !options.dispatcher) return deliverOnOwnConnection(handler, event, ctx);
      return deliverHttp(handler, event, ctx, { policy, userAgent: options.userAgent, dispatcher });
    },
    async close() {
      await ownAgent?.close();
    },
  };
}
