// TLS end to end: router over https and wss, with a self-signed certificate made by the openssl CLI.
// The SDK runs in a child process that trusts the certificate via NODE_EXTRA_CA_CERTS, so
// certificate verification stays on. Skipped when openssl is not installed.
import { spawnSync, execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { SDK_VERSIONS, certificate, cleanupSdk, startTestServer, type SdkVersion, type TestServer } from "./harness.js";

const hasOpenssl = spawnSync("openssl", ["version"]).status === 0;
const script = fileURLToPath(new URL("./fixtures/tls-login.cjs", import.meta.url));

interface ChildResult {
  ok: boolean;
  id?: string;
  online?: string[];
  error?: string;
  code?: number;
}

function runChild(version: SdkVersion, target: TestServer, clientId: string, caFile: string | undefined): Promise<ChildResult> {
  // A minimal environment for the child (this process's environment is neither read nor changed).
  const env: Record<string, string> = caFile ? { NODE_EXTRA_CA_CERTS: caFile } : {};
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [script, version, target.url, target.app.id, target.app.key, clientId],
      { env, timeout: 30_000 },
      (err, stdout) => {
        const line = stdout.trim().split("\n").pop() ?? "";
        try {
          resolve(JSON.parse(line) as ChildResult);
        } catch {
          reject(err ?? new Error(`unexpected child output: ${stdout}`));
        }
      },
    );
  });
}

describe.skipIf(!hasOpenssl)("TLS (https router + wss)", () => {
  let dir: string;
  let tls: { cert: string; key: string };
  let certFile: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "parley-tls-"));
    certFile = join(dir, "cert.pem");
    tls = certificate();
    writeFileSync(certFile, tls.cert);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  afterEach(cleanupSdk);

  it.each(SDK_VERSIONS)("SDK %s logs in through https /v1/route and wss", async (version) => {
    const target = await startTestServer({ server: { tls } });
    expect(target.url).toMatch(/^https:/);
    const result = await runChild(version, target, "alice", certFile);
    expect(result).toEqual({ ok: true, id: "alice", online: ["alice"] });
  });

  it("verification stays on: without the CA the SDK cannot connect", async () => {
    const target = await startTestServer({ server: { tls } });
    const result = await runChild("v5", target, "alice", undefined);
    expect(result.ok).toBe(false);
  });
});
