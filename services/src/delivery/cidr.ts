import { isIP } from 'node:net';

export interface Cidr {
  /** As written, trimmed: what messages quote back. */
  text: string;
  address: string;
  family: 4 | 6;
  /** The prefix length; a bare address is a single host (/32 or /128). */
  bits: number;
}

/**
 * Parses `10.0.0.0/8`, `fd00::/8` or a bare address; null when it is none of these. The one reading of a CIDR: the
 * configuration validates HOOKLINE_TARGET_DENY / _ALLOW with it at start, and the target policy builds its rules
 * from it, so an entry the configuration accepts is one the policy can use.
 */
export function parseCidr(input: string): Cidr | null {
  const text = input.trim();
  const [address = '', bitsText, ...rest] = text.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return null;
  const max = family === 6 ? 128 : 32;
  const bits = bitsText === undefined ? max : Number(bitsText);
  if (bitsText === '' || !Number.isInteger(bits) || bits < 0 || bits > max) return null;
  return { text, address, family: family === 6 ? 6 : 4, bits };
}
