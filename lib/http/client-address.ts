import { BlockList, isIP } from "node:net";

/**
 * The client's address for per-IP limits, read from X-Forwarded-For hop by hop.
 *
 * Next 16's server has no socket address for route handlers or server actions; what it
 * gives is `x-forwarded-for`, which it sets to the connection's address only when the
 * request carries none (`req.headers['x-forwarded-for'] ??= socket.remoteAddress`,
 * node_modules/next/dist/server/base-server.js) — a header the client sent is kept as it
 * came. So:
 * - with `trusted` proxies (TRUSTED_PROXIES): the entries are walked from the right, each
 *   trusted proxy's entry skipped; the first other one is the client (every entry trusted:
 *   the left-most). The app must be reachable only through those proxies: the nearest one
 *   is the connection itself, which nothing records.
 * - without: the right-most entry, the connection's address when the request carried no
 *   header. A client that reaches the app directly and sends its own header chooses its
 *   address, and nothing in the app can tell: run behind a proxy and set TRUSTED_PROXIES.
 */
export function clientAddress(forwardedFor: string | null, trusted: BlockList | null): string {
  const entries = (forwardedFor ?? "")
    .split(",")
    .map(normalizeAddress)
    .filter((entry) => entry !== "");
  if (entries.length === 0) {
    return "unknown";
  }
  if (!trusted) {
    return entries[entries.length - 1] as string;
  }
  for (let i = entries.length - 1; i >= 0; i--) {
    const entry = entries[i] as string;
    const family = isIP(entry);
    if (family === 0 || !trusted.check(entry, family === 4 ? "ipv4" : "ipv6")) {
      return entry;
    }
  }
  return entries[0] as string;
}

/** "1.2.3.4:5678", "[2001:db8::1]:443", "::ffff:1.2.3.4" → the bare address; anything else trimmed, at most 64 characters. */
export function normalizeAddress(raw: string): string {
  let entry = raw.trim().toLowerCase();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(entry);
  if (bracketed) {
    entry = bracketed[1] as string;
  } else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(entry)) {
    entry = entry.slice(0, entry.lastIndexOf(":"));
  }
  const mapped = /^::ffff:(\d{1,3}(\.\d{1,3}){3})$/.exec(entry);
  if (mapped) {
    entry = mapped[1] as string;
  }
  return entry.slice(0, 64);
}

/**
 * TRUSTED_PROXIES: comma-separated addresses and CIDR ranges ("10.0.0.0/8, 2001:db8::/32,
 * 192.0.2.7"). Returns the problem with the first bad entry, or the list.
 */
export function parseTrustedProxies(value: string): { ok: true; entries: string[] } | { ok: false; message: string } {
  const entries = value
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "");
  for (const entry of entries) {
    const [address = "", prefix, extra] = entry.split("/");
    const family = isIP(address);
    const bits = family === 4 ? 32 : 128;
    const prefixOk = prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= bits);
    if (family === 0 || !prefixOk || extra !== undefined) {
      return { ok: false, message: `"${entry.slice(0, 60)}" is not an IP address or CIDR range (such as 10.0.0.0/8)` };
    }
  }
  return { ok: true, entries };
}

/** The entries of TRUSTED_PROXIES as a BlockList; null for none. */
export function trustedProxyList(entries: readonly string[]): BlockList | null {
  if (entries.length === 0) {
    return null;
  }
  const list = new BlockList();
  for (const entry of entries) {
    const [address = "", prefix] = entry.split("/");
    const normalized = normalizeAddress(address);
    const type = isIP(normalized) === 4 ? "ipv4" : "ipv6";
    if (prefix === undefined) {
      list.addAddress(normalized, type);
    } else {
      list.addSubnet(normalized, Number(prefix), type);
    }
  }
  return list;
}
