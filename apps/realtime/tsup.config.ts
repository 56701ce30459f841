import { defineConfig } from "tsup";

// dist/main.js: one ESM file for Node 20. Workspace packages (@parley/*, shipped as TS source)
// are bundled; every other package stays an import resolved from node_modules at run time.
// The protobuf schema is a TS string module (src/protocol/message-proto.ts), so it is bundled too.
export default defineConfig({
  entry: { main: "src/main.ts" },
  format: ["esm"],
  platform: "node",
  target: "node20",
  outDir: "dist",
  clean: true,
  sourcemap: true,
  splitting: false,
  skipNodeModulesBundle: true,
  // postgres.js and drizzle (used by @parley/db) are bundled too: they are not this package's dependencies.
  noExternal: [/^@parley\//, /^postgres$/, /^drizzle-orm/],
});
