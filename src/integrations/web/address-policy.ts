import ipaddr from 'ipaddr.js';

/**
 * The range an address is refused for, or null for a public one. Web eyes connect to global
 * unicast only. Everything else (loopback,
 * private ranges, link-local and the cloud metadata address in it, carrier-grade NAT,
 * unique-local IPv6, IPv4 embedded in IPv6, multicast, reserved) is refused, so a page or a
 * model cannot make the server reach into its own network.
 */
export function refusedRange(address: string): string | null {
  if (!ipaddr.isValid(address)) return 'invalid';
  let parsed = ipaddr.parse(address);
  // ::ffff:10.0.0.1 is 10.0.0.1: judge the IPv4 address it carries.
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  const range = parsed.range();
  if (range !== 'unicast') return range;
  // ::a.b.c.d (IPv4-compatible, deprecated) can still reach IPv4 through some tunnels.
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).parts.slice(0, 6).every((p) => p === 0)) return 'ipv4Compatible';
  return null;
}

/** `host` or `host:port` as an operator listed it in WEB_FETCH_ALLOW_HOSTS. */
export function isAllowedHost(allow: readonly string[], url: URL): boolean {
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return allow.some((entry) => {
    const e = entry.toLowerCase();
    return e === host || e === `${host}:${url.port || (url.protocol === 'https:' ? '443' : '80')}` || e === url.host.toLowerCase();
  });
}
