import ipaddr from 'ipaddr.js';
import proxyaddr from 'proxy-addr';

/** A token's allow-list entry: a single address or a CIDR range, IPv4 or IPv6. Null when it is neither. */
function parseAllowedAddress(entry: string): [ipaddr.IPv4 | ipaddr.IPv6, number] | null {
  const text = entry.trim();
  try {
    if (text.includes('/')) return ipaddr.parseCIDR(text);
    const address = ipaddr.parse(text);
    return [address, address.kind() === 'ipv4' ? 32 : 128];
  } catch {
    return null;
  }
}

/** IPv4 in dotted decimal, four parts, no leading zeros: `2130706433`, `0x7f.0.0.1` and `010.0.0.1` are not. */
const DOTTED_DECIMAL = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const PREFIX = /^(0|[1-9]\d{0,2})$/;

/**
 * An allow-list entry in its canonical form: an address (`192.0.2.7`, `2001:db8::1`, RFC 5952 for IPv6) or a
 * network with its prefix (`192.0.2.0/24`). Notations that other parsers read differently are refused, not
 * guessed: a number or hex for IPv4 (`2130706433`, `0x7f.0.0.1`), leading zeros, zone ids, IPv4-mapped IPv6,
 * host bits under the prefix (`10.1.2.3/8`). A prefix that covers every address must be written `0.0.0.0/0` or
 * `::/0`, so that it cannot read like one address. `problem` says what is wrong, for the caller.
 */
export function canonicalAllowedAddress(entry: string): { value: string } | { problem: string } {
  const [address = '', prefix, ...rest] = entry.trim().split('/');
  if (rest.length > 0) return { problem: 'one "/" at most' };
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  if (DOTTED_DECIMAL.test(address)) parsed = ipaddr.IPv4.parse(address);
  else if (address.includes(':') && !address.includes('%') && ipaddr.IPv6.isValid(address)) {
    parsed = ipaddr.IPv6.parse(address);
    if (parsed.isIPv4MappedAddress()) return { problem: `write the IPv4 address ${parsed.toIPv4Address()}` };
  } else {
    return { problem: 'an IPv4 address in dotted decimal (e.g. 192.0.2.7) or an IPv6 address, optionally /prefix' };
  }
  const bits = parsed.kind() === 'ipv4' ? 32 : 128;
  const text = (ip: ipaddr.IPv4 | ipaddr.IPv6) =>
    // The bundled typings of ipaddr.js 1.9 lack toRFC5952String, which it has.
    ip.kind() === 'ipv4' ? ip.toString() : (ip as ipaddr.IPv6 & { toRFC5952String(): string }).toRFC5952String();
  if (prefix === undefined) return { value: text(parsed) };
  if (!PREFIX.test(prefix) || Number(prefix) > bits) return { problem: `the prefix must be 0 to ${bits}` };
  const length = Number(prefix);
  if (length === bits) return { value: text(parsed) };
  const network = networkOf(parsed, length);
  if (length === 0 && text(parsed) !== text(network)) {
    return { problem: `/0 allows every address; write ${text(network)}/0 if that is meant` };
  }
  if (text(parsed) !== text(network)) {
    return { problem: `bits are set under the /${length} prefix; the network is ${text(network)}/${length}` };
  }
  return { value: `${text(network)}/${length}` };
}

/** The address with every bit after the first `length` cleared. */
function networkOf(address: ipaddr.IPv4 | ipaddr.IPv6, length: number): ipaddr.IPv4 | ipaddr.IPv6 {
  const bytes = address.toByteArray().map((byte, index) => {
    const kept = Math.min(8, Math.max(0, length - index * 8));
    return byte & (0xff << (8 - kept)) & 0xff;
  });
  return ipaddr.fromByteArray(bytes);
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
