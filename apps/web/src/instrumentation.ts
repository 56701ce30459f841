/**
 * Next's start-up hook. On the Node.js server only: create the first admin from
 * PARLEY_ADMIN_EMAIL / PARLEY_ADMIN_PASSWORD when there is no operator yet.
 * NEXT_RUNTIME is inlined by the bundler (Next's documented pattern), so the edge
 * build drops the database import; everything else comes from env.ts.
 */
export async function register(): Promise<void> {
  // eslint-disable-next-line no-restricted-properties -- build-time constant, see above
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { bootstrapFromEnvironment } = await import("./server/bootstrap-env");
  try {
    await bootstrapFromEnvironment();
  } catch (error) {
    console.error("parley: first-admin bootstrap failed", error);
  }
}
