import ipaddr from 'ipaddr.js';
import proxyaddr from 'proxy-addr';

/** A token's allow-list entry: a single address or a CIDR range, IPv4 or IPv6. Null when it is neither. */
export function parseAllowedAddress(entry: string): [ipaddr.IPv4 | ipaddr.IPv6, number] | null {
  const text = entry.trim();
  try {
    if (text.includes('/')) return ipaddr.parseCIDR(text);
    const address = ipaddr.parse(text);
    return [address, address.kind() === 'ipv4' ? 32 : 128];
  } catch {
    return null;
  }
}

/** True when `address` falls in one of the entries (an IPv4 address mapped into IPv6 counts as IPv4). */
export function isAddressAllowed(address: string, entries: readonly string[]): boolean {
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    parsed = ipaddr.process(address);
  } catch {
    return false;
  }
  return entries.some((entry) => {
    const range = parseAllowedAddress(entry);
    if (!range) return false;
    const [network, bits] = range;
    if (parsed.kind() !== network.kind()) return false;
    return (parsed as ipaddr.IPv4).match(network as ipaddr.IPv4, bits);
  });
}

/**
 * How the caller's address is found: the socket's peer, unless that peer is a trusted proxy (TRUST_PROXY: a
 * comma-separated list of addresses, CIDR ranges, or "loopback"), whose X-Forwarded-For is then believed, from the
 * right, up to the first address that is not a trusted proxy itself (proxy-addr, as in Express).
 */
export function addressResolver(trustProxy: string | undefined) {
  const trusted = trustProxy
    ? proxyaddr.compile(
        trustProxy
          .split(',')
          .map((item) => item.trim())
          .filter(Boolean),
      )
    : () => false;
  return (socketAddress: string, forwardedFor: string | null): string => {
    if (!trustProxy) return socketAddress;
    const request = {
      connection: { remoteAddress: socketAddress },
      socket: { remoteAddress: socketAddress },
      headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {},
    };
    return proxyaddr(request as never, trusted);
  };
}

export type AddressResolver = ReturnType<typeof addressResolver>;
