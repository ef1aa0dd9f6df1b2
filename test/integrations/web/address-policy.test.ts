import { describe, expect, it } from 'vitest';
import { refusedRange, isAllowedHost } from '../../../src/integrations/web/address-policy';

describe('refusedRange', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.8.9.10', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.10', 'private'],
    ['169.254.169.254', 'linkLocal'],
    ['100.100.100.200', 'carrierGradeNat'],
    ['0.0.0.0', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fc00::1', 'uniqueLocal'],
    ['fd00:ec2::254', 'uniqueLocal'],
    ['fe80::1', 'linkLocal'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::7f00:1', 'ipv4Compatible'],
    ['::a00:1', 'ipv4Compatible'],
    ['not-an-ip', 'invalid'],
  ])('refuses %s (%s)', (address, words) => {
    expect(refusedRange(address)).toBe(words);
  });

  it.each(['93.184.216.34', '8.8.8.8', '172.32.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8'])('allows public %s', (address) => {
    expect(refusedRange(address)).toBeNull();
  });
});

describe('isAllowedHost', () => {
  it.each([
    [['127.0.0.1'], 'http://127.0.0.1:8080/x', true],
    [['127.0.0.1:8080'], 'http://127.0.0.1:8080/x', true],
    [['127.0.0.1:8081'], 'http://127.0.0.1:8080/x', false],
    [['intranet.example'], 'https://INTRANET.example/x', true],
    [['intranet.example:443'], 'https://intranet.example/x', true],
    [['intranet.example'], 'https://evil.example/x', false],
    [[], 'http://127.0.0.1/', false],
  ])('%j allows %s: %s', (allow, url, expected) => {
    expect(isAllowedHost(allow, new URL(url))).toBe(expected);
  });
});
