#!/usr/bin/env node
// Makes sure what the tests need from Debian is present:
// - Chromium (Playwright drives /usr/bin/chromium; browser downloads are not used) and CJK fonts
//   so Chinese renders in screenshots, for the end-to-end suite;
// - a Redis at TEST_REDIS_URL (default redis://127.0.0.1:6379) for the multi-node realtime tests:
//   when nothing answers there, redis-server is installed from Debian if missing and started
//   without persistence.
// Installs with apt when something is missing and we are root; otherwise says what to install.
import { execSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { connect } from "node:net";

const isRoot = typeof process.getuid === "function" && process.getuid() === 0;

function aptInstall(pkgs, why) {
  if (!isRoot) {
    console.warn(`[parley] ${why} need: apt-get install ${pkgs} (run as root)`);
    return false;
  }
  console.log(`[parley] installing ${pkgs} from Debian for ${why}…`);
  try {
    execSync(`apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${pkgs}`, { stdio: "inherit" });
    return true;
  } catch {
    console.error(`[parley] could not install ${pkgs}; ${why} will fail`);
    return false;
  }
}

/** Resolves true when something accepts TCP connections at host:port within 1 s. */
function listening(host, port) {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

let failed = false;

const needChromium = !existsSync("/usr/bin/chromium");
const needFonts = !existsSync("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc");
if (needChromium || needFonts) {
  const pkgs = [needChromium && "chromium", needFonts && "fonts-noto-cjk"].filter(Boolean).join(" ");
  if (!aptInstall(pkgs, "the end-to-end tests") && isRoot) failed = true;
}

const redisUrl = new URL(process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379");
const redisHost = redisUrl.hostname || "127.0.0.1";
const redisPort = Number(redisUrl.port || 6379);
const local = ["127.0.0.1", "localhost", "::1", "[::1]"].includes(redisHost);
if (!(await listening(redisHost, redisPort))) {
  if (!local) {
    console.error(`[parley] no Redis answers at ${redisUrl.href}; the multi-node tests will fail`);
  } else {
    const haveServer = spawnSync("sh", ["-c", "command -v redis-server"], { stdio: "ignore" }).status === 0;
    if (haveServer || aptInstall("redis-server", "the multi-node tests")) {
      // No persistence: a throwaway server for the tests, like the one CI machines run.
      const started = spawnSync("redis-server", ["--port", String(redisPort), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "yes"], {
        stdio: "inherit",
      });
      // --daemonize returns before the server listens: give it a few seconds.
      let up = false;
      for (let i = 0; i < 50 && started.status === 0 && !up; i++) {
        up = await listening("127.0.0.1", redisPort);
        if (!up) await new Promise((r) => setTimeout(r, 100));
      }
      if (!up) {
        console.error("[parley] could not start redis-server; the multi-node tests will fail");
        failed = true;
      } else {
        console.log(`[parley] started redis-server on 127.0.0.1:${redisPort} for the multi-node tests`);
      }
    } else if (isRoot) {
      failed = true;
    }
  }
}

process.exit(failed ? 1 : 0);
