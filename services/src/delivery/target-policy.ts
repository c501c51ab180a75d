import { BlockList, isIP } from 'node:net';
import { parseCidr } from './cidr';
import { DEFAULT_TARGET_DENY } from './default-deny';

/**
 * Which addresses HTTP handlers may reach (HOOKLINE_TARGET_DENY / HOOKLINE_TARGET_ALLOW, DESIGN §6).
 *
 * The rule, checked on every resolved address (and on literal IP hosts):
 * 1. the deny rules are the built-in {@link DEFAULT_TARGET_DENY} plus HOOKLINE_TARGET_DENY, which adds
 *    to them: no configuration can drop the defaults, only open ranges of them through the allow list;
 * 2. the most specific CIDR that contains the address decides — a deny inside an allow denies
 *    (allow 10.0.0.0/8, deny 10.0.0.1/32 keeps that one host out), an allow inside a deny allows
 *    (allow 127.0.0.1/32 lets one local receiver in past the default 127.0.0.0/8); on a tie allow wins,
 *    since listing a range in HOOKLINE_TARGET_ALLOW is the operator's explicit exception to a deny;
 * 3. an address no rule contains passes. Allow opens a range and nothing else: an operator who wants
 *    "only these" denies 0.0.0.0/0 and ::/0 and allows the receivers' ranges, which are more specific.
 * Prefix lengths are compared in IPv6 terms (IPv4 /n = IPv6 /n+96) because BlockList matches
 * IPv4-mapped IPv6 addresses (`::ffff:127.0.0.1`) against IPv4 rules, so both families share one scale.
 */
export interface TargetPolicy {
  /** Null when the address may be reached; otherwise the reason, to follow "target <host> ". */
  check(address: string): string | null;
}

interface Rule {
  kind: 'deny' | 'allow';
  /** What the refusal quotes: where the rule comes from and why it is there. */
  origin: string;
  bits: number;
  list: BlockList;
}

const HOW_TO_ALLOW = 'to allow it, add it to HOOKLINE_TARGET_ALLOW';

/** `deny` adds to the built-in defaults; `allow` opens ranges of either. */
export function createTargetPolicy(deny: readonly string[], allow: readonly string[]): TargetPolicy {
  const rules = [
    ...DEFAULT_TARGET_DENY.map(({ cidr, label }) =>
      parseRule('deny', cidr, (text) => `the default deny list (${text}, ${label})`)
    ),
    ...deny.map((cidr) => parseRule('deny', cidr, (text) => `HOOKLINE_TARGET_DENY (${text})`)),
    ...allow.map((cidr) => parseRule('allow', cidr, (text) => `HOOKLINE_TARGET_ALLOW (${text})`)),
  ];
  return {
    check(rawAddress) {
      // Zone ids (fe80::1%eth0) are not part of the address BlockList understands.
      const address = rawAddress.split('%')[0] ?? rawAddress;
      const family = isIP(address);
      if (family === 0) return 'is not an IP address';
      let best: Rule | undefined;
      for (const rule of rules) {
        if (!rule.list.check(address, family === 4 ? 'ipv4' : 'ipv6')) continue;
        if (!best || rule.bits > best.bits || (rule.bits === best.bits && rule.kind === 'allow')) best = rule;
      }
      return best?.kind === 'deny' ? `is denied by ${best.origin}; ${HOW_TO_ALLOW}` : null;
    },
  };
}

function parseRule(kind: Rule['kind'], text: string, origin: (cidr: string) => string): Rule {
  const cidr = parseCidr(text);
  // The configuration refuses such an entry at start; a caller that skips it learns here.
  if (!cidr) throw new Error(`${variableOf(kind)}: "${text.trim()}" is not a CIDR such as 10.0.0.0/8`);
  const list = new BlockList();
  list.addSubnet(cidr.address, cidr.bits, cidr.family === 4 ? 'ipv4' : 'ipv6');
  return { kind, origin: origin(cidr.text), bits: cidr.family === 4 ? cidr.bits + 96 : cidr.bits, list };
}

function variableOf(kind: Rule['kind']): string {
  return kind === 'deny' ? 'HOOKLINE_TARGET_DENY' : 'HOOKLINE_TARGET_ALLOW';
}
