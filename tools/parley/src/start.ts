/**
 * `pnpm start`: runs Parley. Without DATABASE_URL it starts an embedded
 * PostgreSQL in PARLEY_DATA_DIR; either way it applies migrations, provisions
 * the default app and first operator on first start, then runs the realtime
 * service and the console as two processes on the same database.
 */
import { get as httpGet } from "node:http";
import { get as httpsGet } from "node:https";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { loadEnv, localRealtimeUrl, ROOT, sdkServerHint } from "./config.js";
import { openDatabase } from "./database.js";
import { provision } from "./provision.js";
import { clearRuntime, writeRuntime } from "./runtime.js";

const env = loadEnv();

function ensureBuilt(): void {
  const built =
    existsSync(join(ROOT, "apps/realtime/dist/main.js")) && existsSync(join(ROOT, "apps/web/.next/BUILD_ID"));
  if (built) return;
  console.log("[parley] nothing built yet: running `pnpm build` once…");
  const pnpm = process.env.npm_execpath;
  const result = pnpm
    ? spawnSync(process.execPath, [pnpm, "build"], { cwd: ROOT, stdio: "inherit" })
    : spawnSync("pnpm", ["build"], { cwd: ROOT, stdio: "inherit", shell: true });
  if (result.status !== 0) {
    console.error("[parley] build failed; see above");
    process.exit(1);
  }
}

/** One GET; resolves with the status, or rejects when nothing answers. */
function probe(url: string): Promise<number> {
  const target = new URL(url);
  const get = target.protocol === "https:" ? httpsGet : httpGet;
  return new Promise((resolve, reject) => {
    // Our own child on loopback: its certificate is for the public name, not 127.0.0.1.
    const req = get(target, { rejectUnauthorized: false, timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", reject);
  });
}

async function waitFor(url: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await probe(url)) < 500) return true;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

async function main(): Promise<void> {
  ensureBuilt();
  const database = await openDatabase(env, { log: true });
  const provisioned = await provision(database.url, env);

  writeRuntime(env.dataDir, {
    pid: process.pid,
    databaseUrl: database.url,
    embedded: database.embedded,
    startedAt: new Date().toISOString(),
  });

  const childEnv = {
    ...process.env,
    DATABASE_URL: database.url,
    REALTIME_PORT: String(env.REALTIME_PORT),
    WEB_PORT: String(env.WEB_PORT),
    NODE_ENV: "production",
    // The console creates the first operator on its first start (password hashing lives there).
    ...(provisioned.admin
      ? { PARLEY_ADMIN_EMAIL: provisioned.admin.email, PARLEY_ADMIN_PASSWORD: provisioned.admin.password }
      : {}),
  };
  const children: ChildProcess[] = [];
  const realtime = spawn(process.execPath, ["--enable-source-maps", "dist/main.js"], {
    cwd: join(ROOT, "apps/realtime"),
    env: childEnv,
    stdio: "inherit",
  });
  children.push(realtime);
  const nextBin = join(ROOT, "apps/web/node_modules/next/dist/bin/next");
  const web = spawn(process.execPath, [nextBin, "start", "-p", String(env.WEB_PORT)], {
    cwd: join(ROOT, "apps/web"),
    // The console asks the realtime service who is online and kicks clients (server REST API, master key).
    env: { ...childEnv, PARLEY_REALTIME_INTERNAL_URL: localRealtimeUrl(env) },
    stdio: "inherit",
  });
  children.push(web);

  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    console.log("[parley] stopping…");
    await Promise.all(
      children.map(
        (c) =>
          new Promise<void>((resolve) => {
            if (c.exitCode !== null || c.signalCode !== null) return resolve();
            const timer = setTimeout(() => c.kill("SIGKILL"), 10_000);
            c.once("exit", () => {
              clearTimeout(timer);
              resolve();
            });
            c.kill("SIGTERM");
          }),
      ),
    );
    clearRuntime(env.dataDir);
    await database.stop();
    process.exit(code);
  };
  process.on("SIGTERM", () => void stop(0));
  process.on("SIGINT", () => void stop(0));
  for (const c of children) {
    c.once("exit", (code, signal) => {
      if (stopping) return;
      console.error(`[parley] a service exited (${code ?? signal}); stopping the rest`);
      void stop(1);
    });
  }

  const [rtUp, webUp] = await Promise.all([
    waitFor(`${localRealtimeUrl(env)}/healthz`, 60_000),
    waitFor(`http://127.0.0.1:${env.WEB_PORT}/`, 60_000),
  ]);
  if (!rtUp || !webUp) {
    console.error(`[parley] ${!rtUp ? "realtime service" : "console"} did not become ready in time`);
    return stop(1);
  }
  const lines = [
    "",
    "Parley is running.",
    `  Console:   http://localhost:${env.WEB_PORT}`,
    `  Realtime:  ${localRealtimeUrl(env, "localhost")}  (SDK option server: '${sdkServerHint(env)}')`,
    `  Database:  ${database.embedded ? `embedded PostgreSQL in ${env.dataDir}` : "DATABASE_URL"}`,
    `  App:       id ${provisioned.app.id}  key ${provisioned.app.key}`,
    ...(provisioned.generatedMasterKey ? [`             master key ${provisioned.app.masterKey} (generated; keep it secret)`] : []),
    ...(provisioned.admin ? [`  Operator:  ${provisioned.admin.email}${provisioned.admin.generatedPassword ? `  password ${provisioned.admin.generatedPassword} (generated)` : ""}`] : []),
    "",
  ];
  console.log(lines.join("\n"));
}

main().catch((err: unknown) => {
  console.error("[parley] start failed:", err instanceof Error ? err.message : err);
  process.exit(1);
});
