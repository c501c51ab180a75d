import { lookup as dnsLookup } from 'node:dns';
import type { LookupFunction } from 'node:net';
import type { TargetPolicy } from './target-policy';

/** Thrown (through the socket) when a target resolves to an address the policy denies. */
export class TargetDeniedError extends Error {
  readonly code = 'HOOKLINE_TARGET_DENIED';
  constructor(message: string) {
    super(message);
    this.name = 'TargetDeniedError';
  }
}

export function isTargetDenied(err: unknown): err is TargetDeniedError {
  return err instanceof Error && (err as { code?: unknown }).code === 'HOOKLINE_TARGET_DENIED';
}

/**
 * A `lookup` for the socket itself: the policy is applied to the very addresses the connection will
 * use, so a DNS answer that changes between a check and the connect (rebinding) cannot slip past it.
 * If any address of the answer is denied the whole name is refused — a name that resolves to both a
 * public address and the metadata service is an attack, not a load balancer.
 */
export function guardedLookup(policy: TargetPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) {
        callback(err, '');
        return;
      }
      for (const { address } of addresses) {
        const reason = policy.check(address);
        if (reason !== null) {
          callback(new TargetDeniedError(`target ${hostname} (${address}) ${reason}`), '');
          return;
        }
      }
      const first = addresses[0];
      if (options.all) callback(null, addresses);
      else if (first) callback(null, first.address, first.family);
      else callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), '');
    });
  };
}
