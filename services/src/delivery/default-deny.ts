/**
 * What HTTP handlers may never reach unless HOOKLINE_TARGET_ALLOW opens it (DESIGN §6): the host
 * Hookline runs on (the API, the Temporal UI and anything else listening there), link-local networks
 * and cloud metadata services, the classic server-side request forgery targets. HOOKLINE_TARGET_DENY
 * adds to this list and cannot shorten it. IPv4-mapped IPv6 forms (`::ffff:127.0.0.1`) are covered
 * by the IPv4 entries: the policy applies IPv4 rules to them.
 *
 * Private ranges (10/8, 172.16/12, 192.168/16, fc00::/7) are not here: receivers on the operator's
 * own network are the common case. HOOKLINE_TARGET_DENY closes them.
 */
export interface DefaultDenyEntry {
  cidr: string;
  /** Why it is denied, quoted in the refusal. */
  label: string;
}

export const DEFAULT_TARGET_DENY: readonly DefaultDenyEntry[] = [
  { cidr: '127.0.0.0/8', label: 'loopback' },
  { cidr: '::1/128', label: 'loopback' },
  // Connecting to 0.0.0.0 (`http://0/`) or :: reaches the local host on Linux and macOS.
  { cidr: '0.0.0.0/8', label: '"this host" addresses, which reach the local host' },
  { cidr: '::/128', label: 'unspecified address, which reaches the local host' },
  { cidr: '169.254.0.0/16', label: 'link-local, cloud metadata' },
  { cidr: 'fe80::/10', label: 'link-local' },
  { cidr: '100.100.100.200/32', label: 'cloud metadata' },
  { cidr: 'fd00:ec2::254/128', label: 'cloud metadata' },
];
