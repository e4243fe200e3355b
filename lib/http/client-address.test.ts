import { describe, expect, it } from "vitest";
import { clientAddress, normalizeAddress, parseTrustedProxies, trustedProxyList } from "./client-address";

const trusted = (value: string) => {
  const parsed = parseTrustedProxies(value);
  if (!parsed.ok) {
    throw new Error(parsed.message);
  }
  return trustedProxyList(parsed.entries);
};

describe("clientAddress", () => {
  it("believes X-Forwarded-For only hop by hop from the configured proxies, walking from the right", () => {
    // CDN edge (198.51.100.0/24) → load balancer (10.0.0.0/8) → app; the client prepended a lie.
    const proxies = trusted("10.0.0.0/8, 198.51.100.0/24");
    expect(clientAddress("1.1.1.1, 203.0.113.9, 198.51.100.7", proxies)).toBe("203.0.113.9");
    expect(clientAddress("203.0.113.9", proxies)).toBe("203.0.113.9");
    // A client claiming an address inside the trusted ranges does not become trusted past the first stranger.
    expect(clientAddress("10.9.9.9, 203.0.113.9, 10.0.0.2", proxies)).toBe("203.0.113.9");
    // Every hop one of ours (a health check from inside): the left-most.
    expect(clientAddress("10.0.0.5, 10.0.0.2", proxies)).toBe("10.0.0.5");
    // Garbage where a proxy's entry should be is not skipped.
    expect(clientAddress("1.1.1.1, not-an-ip, 10.0.0.2", proxies)).toBe("not-an-ip");
  });

  it("without TRUSTED_PROXIES takes the right-most entry (next start's own, from the socket, when the client sent none)", () => {
    expect(clientAddress("203.0.113.9", null)).toBe("203.0.113.9");
    expect(clientAddress("1.1.1.1, 203.0.113.9", null)).toBe("203.0.113.9");
    expect(clientAddress("::ffff:127.0.0.1", null)).toBe("127.0.0.1");
    expect(clientAddress(null, null)).toBe("unknown");
    expect(clientAddress(" , ", trusted("10.0.0.1"))).toBe("unknown");
  });

  it("matches IPv6 ranges and IPv4-mapped, bracketed and ported forms", () => {
    const proxies = trusted("2001:db8::/32, 192.0.2.7");
    expect(clientAddress("2001:db8:1::5, [2001:DB8::1]:443", proxies)).toBe("2001:db8:1::5");
    expect(clientAddress("2a00:1450::1, 2001:db8::9", proxies)).toBe("2a00:1450::1");
    expect(clientAddress("203.0.113.9:51234, ::ffff:192.0.2.7", proxies)).toBe("203.0.113.9");
    expect(normalizeAddress(" [::1]:8080 ")).toBe("::1");
    expect(normalizeAddress("x".repeat(100))).toHaveLength(64);
  });
});

describe("parseTrustedProxies", () => {
  it("takes addresses and CIDR ranges, and names the first bad entry", () => {
    expect(parseTrustedProxies(" 10.0.0.0/8,192.0.2.7 , ::1, fd00::/8 ,")).toEqual({
      ok: true,
      entries: ["10.0.0.0/8", "192.0.2.7", "::1", "fd00::/8"],
    });
    expect(parseTrustedProxies("")).toEqual({ ok: true, entries: [] });
    for (const bad of ["10.0.0.0/33", "proxy.internal", "10.0.0.1/8/1", "::1/129", "10.0.0/8"]) {
      expect(parseTrustedProxies(`10.0.0.1, ${bad}`), bad).toMatchObject({
        ok: false,
        message: expect.stringContaining(`"${bad}" is not an IP address or CIDR range`),
      });
    }
  });
});
