import ipaddr from 'ipaddr.js';

/**
 * Whether an address is on the public internet (ipaddr.js's `unicast` range, after unwrapping an
 * IPv4-mapped IPv6 address). Anything else — private, loopback, link-local, carrier-grade NAT,
 * unique local, reserved — is on some operator's network, where what answers is not the caller's
 * to read unless they administer Hookline (the test send masks such answers).
 */
export function isPublicAddress(address: string): boolean {
  // Zone ids (fe80::1%eth0) are not part of the address.
  const bare = address.split('%')[0] ?? address;
  if (!ipaddr.isValid(bare)) return false;
  return ipaddr.process(bare).range() === 'unicast';
}
