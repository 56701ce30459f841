import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * While Parley runs on the embedded default, the launcher writes where its
 * database listens into the data folder, so `pnpm parley …` reaches the same
 * database as the running server.
 */
export interface RuntimeInfo {
  pid: number;
  databaseUrl: string;
  embedded: boolean;
  startedAt: string;
}

const file = (dataDir: string) => join(dataDir, "runtime.json");

export function writeRuntime(dataDir: string, info: RuntimeInfo): void {
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file(dataDir), JSON.stringify(info, null, 2));
}

export function readRuntime(dataDir: string): RuntimeInfo | null {
  try {
    const info = JSON.parse(readFileSync(file(dataDir), "utf8")) as RuntimeInfo;
    process.kill(info.pid, 0); // throws when the launcher is gone
    return info;
  } catch {
    return null;
  }
}

export function clearRuntime(dataDir: string): void {
  rmSync(file(dataDir), { force: true });
}
