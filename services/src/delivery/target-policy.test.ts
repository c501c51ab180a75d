import { describe, expect, it } from 'vitest';
import { DEFAULT_TARGET_DENY } from './default-deny';
import { createTargetPolicy } from './target-policy';

const HOW = '; to allow it, add it to HOOKLINE_TARGET_ALLOW';

describe('createTargetPolicy', () => {
  it('denies by default the local host, link-local and metadata ranges, and passes the rest', () => {
    const policy = createTargetPolicy([], []);
    expect(policy.check('127.0.0.1')).toBe(`is denied by the default deny list (127.0.0.0/8, loopback)${HOW}`);
    expect(policy.check('169.254.169.254')).toBe(
      `is denied by the default deny list (169.254.0.0/16, link-local, cloud metadata)${HOW}`
    );
    for (const address of [
      '127.255.255.254',
      '::1',
      '0.0.0.0',
      '0.1.2.3',
      '::',
      'fe80::1',
      'fe80::1%eth0',
      'fd00:ec2::254',
      '100.100.100.200',
    ]) {
      expect(policy.check(address), address).toMatch(/^is denied by the default deny list/);
    }
    for (const address of ['93.184.216.34', '2001:db8::1', '10.1.2.3', '172.16.0.1', '192.168.1.1', 'fd12::1']) {
      expect(policy.check(address), address).toBeNull();
    }
  });

  it('denies the IPv4-mapped IPv6 form of every IPv4 default, in both notations', () => {
    const policy = createTargetPolicy([], []);
    for (const { cidr } of DEFAULT_TARGET_DENY.filter((entry) => !entry.cidr.includes(':'))) {
      const address = cidr.split('/')[0]!;
      expect(policy.check(`::ffff:${address}`), cidr).toMatch(/default deny list/);
    }
    expect(policy.check('::ffff:7f00:1')).toMatch(/default deny list \(127\.0\.0\.0\/8/);
    expect(policy.check('::ffff:a9fe:a9fe')).toMatch(/default deny list \(169\.254\.0\.0\/16/);
  });

  it('adds a custom deny list to the defaults instead of replacing them', () => {
    const policy = createTargetPolicy(['10.0.0.0/8', 'fc00::/7'], []);
    expect(policy.check('10.1.2.3')).toBe(`is denied by HOOKLINE_TARGET_DENY (10.0.0.0/8)${HOW}`);
    expect(policy.check('fd12::1')).toMatch(/HOOKLINE_TARGET_DENY \(fc00::\/7\)/);
    expect(policy.check('127.0.0.1')).toMatch(/default deny list/);
    expect(policy.check('169.254.169.254')).toMatch(/default deny list/);
    expect(policy.check('192.168.1.1')).toBeNull();
  });

  it('applies custom IPv4 rules to IPv4-mapped IPv6 addresses', () => {
    const policy = createTargetPolicy(['10.0.0.0/8'], []);
    expect(policy.check('::ffff:10.0.0.1')).toMatch(/HOOKLINE_TARGET_DENY/);
    expect(policy.check('::ffff:a00:1')).toMatch(/HOOKLINE_TARGET_DENY/);
  });

  it('opens a range with the allow list, the most specific rule deciding, allow winning a tie', () => {
    const loopback = createTargetPolicy([], ['127.0.0.0/8']);
    expect(loopback.check('127.0.0.1')).toBeNull();
    expect(loopback.check('::ffff:127.0.0.1')).toBeNull();
    // Allow opens a range and nothing else: the rest stays as it was.
    expect(loopback.check('93.184.216.34')).toBeNull();
    expect(loopback.check('::1')).toMatch(/default deny list/);
    expect(loopback.check('169.254.169.254')).toMatch(/default deny list/);

    const oneHost = createTargetPolicy([], ['127.0.0.1/32']);
    expect(oneHost.check('127.0.0.1')).toBeNull();
    expect(oneHost.check('127.0.0.2')).toMatch(/default deny list \(127\.0\.0\.0\/8, loopback\)/);
    // A broad allow does not open the more specific defaults.
    expect(createTargetPolicy([], ['0.0.0.0/0']).check('127.0.0.1')).toMatch(/default deny list/);

    const carveOut = createTargetPolicy(['10.0.0.1'], ['10.0.0.0/8']);
    expect(carveOut.check('10.0.0.1')).toMatch(/HOOKLINE_TARGET_DENY \(10\.0\.0\.1\)/);
    expect(carveOut.check('10.0.0.2')).toBeNull();
    expect(createTargetPolicy(['10.0.0.0/8'], ['10.0.0.0/8']).check('10.1.2.3')).toBeNull();
    expect(createTargetPolicy([], ['127.0.0.0/8']).check('127.0.0.1')).toBeNull();
  });

  it('expresses "only these receivers" as deny everything, allow the receivers', () => {
    const policy = createTargetPolicy(['0.0.0.0/0', '::/0'], ['10.0.0.0/8']);
    expect(policy.check('10.9.8.7')).toBeNull();
    expect(policy.check('8.8.8.8')).toMatch(/HOOKLINE_TARGET_DENY \(0\.0\.0\.0\/0\)/);
    expect(policy.check('2001:db8::5')).toMatch(/HOOKLINE_TARGET_DENY \(::\/0\)/);
  });

  it('refuses malformed CIDRs when created', () => {
    expect(() => createTargetPolicy(['10.0.0.0/33'], [])).toThrow(/HOOKLINE_TARGET_DENY: "10.0.0.0\/33"/);
    expect(() => createTargetPolicy([], ['example.com'])).toThrow(/HOOKLINE_TARGET_ALLOW/);
  });
});
