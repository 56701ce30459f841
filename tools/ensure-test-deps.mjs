#!/usr/bin/env node
// Makes sure what the end-to-end tests need from Debian is present: Chromium
// (Playwright drives /usr/bin/chromium; browser downloads are not used) and CJK
// fonts so Chinese renders in screenshots. Installs them with apt when missing
// and we are root; otherwise says what to install and lets the e2e suite skip.
import { existsSync } from "node:fs";
import { execSync } from "node:child_process";

const needChromium = !existsSync("/usr/bin/chromium");
const needFonts = !existsSync("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc");
if (!needChromium && !needFonts) process.exit(0);

const pkgs = [needChromium && "chromium", needFonts && "fonts-noto-cjk"].filter(Boolean).join(" ");
const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
if (!isRoot) {
  console.warn(`[parley] end-to-end tests need: apt-get install ${pkgs} (run as root)`);
  process.exit(0);
}
console.log(`[parley] installing ${pkgs} from Debian for the end-to-end tests…`);
try {
  execSync(`apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${pkgs}`, { stdio: "inherit" });
} catch {
  console.error(`[parley] could not install ${pkgs}; end-to-end tests will fail`);
  process.exit(1);
}
