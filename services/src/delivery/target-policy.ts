import { BlockList, isIP } from 'node:net';
import { parseCidr } from './cidr';

/**
 * Which addresses HTTP handlers may reach (HOOKLINE_TARGET_DENY / HOOKLINE_TARGET_ALLOW, DESIGN §6).
 *
 * The rule, checked on every resolved address (and on literal IP hosts):
 * 1. the most specific CIDR that contains the address decides — a deny inside an allow denies
 *    (allow 10.0.0.0/8, deny 10.0.0.1/32 keeps that one host out), an allow inside a deny allows
 *    (deny 127.0.0.0/8, allow 127.0.0.1/32 lets one local receiver in); on a tie allow wins, since
 *    listing a range in HOOKLINE_TARGET_ALLOW is the operator's explicit exception to the default deny;
 * 2. an address in neither list passes only while HOOKLINE_TARGET_ALLOW is empty: a non-empty allow
 *    list means "HTTP handlers may reach only these" (§6: "CIDRs that HTTP handlers … may reach").
 * Prefix lengths are compared in IPv6 terms (IPv4 /n = IPv6 /n+96) because BlockList matches
 * IPv4-mapped IPv6 addresses (`::ffff:127.0.0.1`) against IPv4 rules, so both families share one scale.
 */
export interface TargetPolicy {
  /** Null when the address may be reached; otherwise the reason, to follow "target <host> ". */
  check(address: string): string | null;
}

interface Rule {
  kind: 'deny' | 'allow';
  cidr: string;
  bits: number;
  list: BlockList;
}

export function createTargetPolicy(deny: readonly string[], allow: readonly string[]): TargetPolicy {
  const rules = [...deny.map((cidr) => parseRule('deny', cidr)), ...allow.map((cidr) => parseRule('allow', cidr))];
  const allowOnly = allow.length > 0;
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
      if (best?.kind === 'allow') return null;
      if (best?.kind === 'deny') return `is denied by HOOKLINE_TARGET_DENY (${best.cidr})`;
      return allowOnly ? 'is not in HOOKLINE_TARGET_ALLOW' : null;
    },
  };
}

function parseRule(kind: Rule['kind'], text: string): Rule {
  const cidr = parseCidr(text);
  // The configuration refuses such an entry at start; a caller that skips it learns here.
  if (!cidr) throw new Error(`${variableOf(kind)}: "${text.trim()}" is not a CIDR such as 10.0.0.0/8`);
  const list = new BlockList();
  list.addSubnet(cidr.address, cidr.bits, cidr.family === 4 ? 'ipv4' : 'ipv6');
  return { kind, cidr: cidr.text, bits: cidr.family === 4 ? cidr.bits + 96 : cidr.bits, list };
}

function variableOf(kind: Rule['kind']): string {
  return kind === 'deny' ? 'HOOKLINE_TARGET_DENY' : 'HOOKLINE_TARGET_ALLOW';
}
