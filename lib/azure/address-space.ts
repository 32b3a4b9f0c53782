import * as ipaddr from 'ipaddr.js';

/** A parsed CIDR block. */
export interface Cidr {
  readonly text: string;
  readonly address: ipaddr.IPv4 | ipaddr.IPv6;
  readonly prefixLength: number;
}

export const CIDR_EXPECTED = 'a CIDR block with its host bits zero, e.g. "10.20.0.0/16"';

/** Parses a CIDR block strictly: four-part IPv4 (or IPv6), host bits zero. Returns a problem string on failure. */
export function parseCidr(text: unknown): Cidr | string {
  if (typeof text !== 'string' || !ipaddr.isValidCIDR(text)) return 'is not a CIDR block';
  const [address, prefixLength] = ipaddr.parseCIDR(text);
  if (address.kind() === 'ipv4' && !ipaddr.IPv4.isValidFourPartDecimal(text.split('/')[0])) {
    return 'is not a CIDR block in four-part dotted form';
  }
  const network = address.kind() === 'ipv4' ? ipaddr.IPv4.networkAddressFromCIDR(text) : ipaddr.IPv6.networkAddressFromCIDR(text);
  if (network.toString() !== address.toString()) {
    return `has host bits set (the network address is ${network.toString()}/${prefixLength})`;
  }
  return { text, address, prefixLength };
}

/** True when `inner` lies completely inside `outer`. */
export function contains(outer: Cidr, inner: Cidr): boolean {
  return (
    outer.address.kind() === inner.address.kind() &&
    inner.prefixLength >= outer.prefixLength &&
    inner.address.match(outer.address, outer.prefixLength)
  );
}

/** True when the two blocks share at least one address. */
export function overlaps(a: Cidr, b: Cidr): boolean {
  return contains(a, b) || contains(b, a);
}
