/**
 * IP addresses and CIDR blocks for IpAddress / NotIpAddress (IPv4 and IPv6).
 * AWS: "IP address ... condition operators ... the value must be in the standard CIDR format
 * (for example, 203.0.113.0/24 or 2001:DB8:1234:5678::/64). If you specify an IP address without
 * the associated routing prefix, IAM uses the default prefix value of /32" (or /128 for IPv6).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IPAddress
 */

export type Ip = { readonly v: 4; readonly n: number } | { readonly v: 6; readonly n: bigint };
export type Cidr = { readonly v: 4; readonly net: number; readonly mask: number } | { readonly v: 6; readonly net: bigint; readonly mask: bigint };

const ALL128 = (1n << 128n) - 1n;

export function parseIpv4(s: string): number | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const p of parts) {
    if (p.length === 0 || p.length > 3) return undefined;
    let x = 0;
    for (let i = 0; i < p.length; i++) {
      const c = p.charCodeAt(i) - 48;
      if (c < 0 || c > 9) return undefined;
      x = x * 10 + c;
    }
    if (x > 255) return undefined;
    n = n * 256 + x;
  }
  return n;
}

export function parseIpv6(s: string): bigint | undefined {
  if (s.length > 45 || s.length < 2) return undefined;
  const dbl = s.indexOf('::');
  if (dbl >= 0 && s.indexOf('::', dbl + 1) >= 0) return undefined;
  const head = dbl >= 0 ? s.slice(0, dbl) : s;
  const tail = dbl >= 0 ? s.slice(dbl + 2) : '';
  const groups = (part: string): number[] | undefined => {
    if (part === '') return [];
    const out: number[] = [];
    const pieces = part.split(':');
    for (let i = 0; i < pieces.length; i++) {
      const g = pieces[i]!;
      if (i === pieces.length - 1 && g.includes('.')) {
        const v4 = parseIpv4(g);
        if (v4 === undefined) return undefined;
        out.push(v4 >>> 16, v4 & 0xffff);
        continue;
      }
      if (g.length === 0 || g.length > 4 || !/^[0-9a-fA-F]+$/.test(g)) return undefined;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const h = groups(head);
  const t = groups(tail);
  if (!h || !t) return undefined;
  const total = h.length + t.length;
  if (dbl >= 0 ? total > 7 : total !== 8) return undefined;
  const all = [...h, ...new Array<number>(8 - total).fill(0), ...t];
  let n = 0n;
  for (const g of all) n = (n << 16n) | BigInt(g);
  return n;
}

export function parseIp(s: string): Ip | undefined {
  const v4 = parseIpv4(s);
  if (v4 !== undefined) return { v: 4, n: v4 };
  const v6 = parseIpv6(s);
  return v6 === undefined ? undefined : { v: 6, n: v6 };
}

export function parseCidr(s: string): Cidr | undefined {
  const slash = s.indexOf('/');
  const addr = slash < 0 ? s : s.slice(0, slash);
  const bitsText = slash < 0 ? undefined : s.slice(slash + 1);
  if (bitsText !== undefined && !/^[0-9]{1,3}$/.test(bitsText)) return undefined;
  const ip = parseIp(addr);
  if (!ip) return undefined;
  if (ip.v === 4) {
    const bits = bitsText === undefined ? 32 : Number(bitsText);
    if (bits > 32) return undefined;
    const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
    return { v: 4, net: (ip.n & mask) >>> 0, mask };
  }
  const bits = bitsText === undefined ? 128 : Number(bitsText);
  if (bits > 128) return undefined;
  const mask = bits === 0 ? 0n : (ALL128 << BigInt(128 - bits)) & ALL128;
  return { v: 6, net: ip.n & mask, mask };
}

/** IPv4-mapped IPv6 addresses (::ffff:a.b.c.d) also match IPv4 blocks. */
export function cidrContains(c: Cidr, ip: Ip): boolean {
  if (c.v === 4) {
    if (ip.v === 4) return ((ip.n & c.mask) >>> 0) === c.net;
    if (ip.n >> 32n === 0xffffn) return ((Number(ip.n & 0xffffffffn) & c.mask) >>> 0) === c.net;
    return false;
  }
  return ip.v === 6 && (ip.n & c.mask) === c.net;
}
