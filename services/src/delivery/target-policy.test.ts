import { describe, expect, it } from 'vitest';
import { DEFAULT_TARGET_DENY } from '../config';
import { createTargetPolicy } from './target-policy';

describe('createTargetPolicy', () => {
  it('denies the default link-local and metadata ranges and passes everything else', () => {
    const policy = createTargetPolicy(DEFAULT_TARGET_DENY, []);
    expect(policy.check('169.254.169.254')).toBe('is denied by HOOKLINE_TARGET_DENY (169.254.0.0/16)');
    expect(policy.check('fe80::1')).toMatch(/denied/);
    expect(policy.check('fe80::1%eth0')).toMatch(/denied/);
    expect(policy.check('fd00:ec2::254')).toMatch(/denied/);
    expect(policy.check('100.100.100.200')).toMatch(/denied/);
    expect(policy.check('93.184.216.34')).toBeNull();
    expect(policy.check('127.0.0.1')).toBeNull();
    expect(policy.check('2001:db8::1')).toBeNull();
  });

  it('applies IPv4 rules to IPv4-mapped IPv6 addresses, in both notations', () => {
    const policy = createTargetPolicy(['127.0.0.0/8'], []);
    expect(policy.check('::ffff:127.0.0.1')).toMatch(/denied/);
    expect(policy.check('::ffff:7f00:1')).toMatch(/denied/);
  });

  it('lets the most specific rule decide, allow winning a tie', () => {
    const carveIn = createTargetPolicy(['127.0.0.0/8'], ['127.0.0.1/32', '0.0.0.0/0']);
    expect(carveIn.check('127.0.0.1')).toBeNull();
    expect(carveIn.check('127.0.0.2')).toMatch(/denied by HOOKLINE_TARGET_DENY \(127\.0\.0\.0\/8\)/);
    const carveOut = createTargetPolicy(['10.0.0.1'], ['10.0.0.0/8']);
    expect(carveOut.check('10.0.0.1')).toMatch(/denied/);
    expect(carveOut.check('10.0.0.2')).toBeNull();
    expect(createTargetPolicy(['10.0.0.0/8'], ['10.0.0.0/8']).check('10.1.2.3')).toBeNull();
  });

  it('passes only allowed addresses once an allow list is set', () => {
    const policy = createTargetPolicy(DEFAULT_TARGET_DENY, ['10.0.0.0/8', '2001:db8::/32']);
    expect(policy.check('10.9.8.7')).toBeNull();
    expect(policy.check('2001:db8::5')).toBeNull();
    expect(policy.check('8.8.8.8')).toBe('is not in HOOKLINE_TARGET_ALLOW');
    expect(policy.check('169.254.169.254')).toMatch(/denied/);
  });

  it('refuses malformed CIDRs when created', () => {
    expect(() => createTargetPolicy(['10.0.0.0/33'], [])).toThrow(/HOOKLINE_TARGET_DENY: "10.0.0.0\/33"/);
    expect(() => createTargetPolicy([], ['example.com'])).toThrow(/HOOKLINE_TARGET_ALLOW/);
  });
});
