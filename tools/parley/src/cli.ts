/**
 * `pnpm parley …`: app management for scripts and operators, the same
 * operations the console offers. It uses the database of the running Parley
 * (the embedded one while `pnpm start` runs), else DATABASE_URL, else starts
 * the embedded PostgreSQL of the data folder for the duration of the command.
 * Changes are published on the event bus, so running services pick them up.
 */
import { parseArgs } from "node:util";
import { createApp, isDomainError, listApps, updateApp, type App } from "@parley/core";
import { createCoreRuntime } from "@parley/db/system";
import { cliActor } from "./actor.js";
import { parseSettings, parseSignatures, SIGNATURES, UsageError } from "./args.js";
import { loadEnv } from "./config.js";
import { openDatabase } from "./database.js";
import { readRuntime } from "./runtime.js";

const USAGE = `Usage:
  pnpm parley apps list [--json]
  pnpm parley apps create --id <id> [--name <name>] [--key <key>] [--master-key <key>]
                          [--require-signature login,conversation,blacklist,history|none] [--json]
  pnpm parley apps update <id> [--name <name>] [--require-signature …|none]
                          [--rotate-key] [--rotate-master-key] [--setting path=value …] [--json]

--setting takes dotted paths into the app settings, e.g. --setting limits.messageBytes=10240
--setting features.recall=false --setting originAllowList='["https://app.example.com"]'`;

const describe = (app: App) =>
  `${app.id}  "${app.name}"  key ${app.key}  signatures: ${
    SIGNATURES.filter((s) => app.settings.signatures[s]).join(",") || "none"
  }`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      id: { type: "string" },
      name: { type: "string" },
      key: { type: "string" },
      "master-key": { type: "string" },
      "require-signature": { type: "string" },
      "rotate-key": { type: "boolean" },
      "rotate-master-key": { type: "boolean" },
      setting: { type: "string", multiple: true },
      json: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  const [area, verb, target] = positionals;
  if (values.help || area !== "apps" || !verb) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }

  const env = loadEnv();
  const running = env.DATABASE_URL ? null : readRuntime(env.dataDir);
  const opened = running
    ? { url: running.databaseUrl, embedded: true, stop: async () => {} }
    : await openDatabase(env);
  const runtime = createCoreRuntime({ url: opened.url, max: 2 });
  const print = (app: App) => console.log(values.json ? JSON.stringify(app, null, 2) : describe(app));
  try {
    const settings: Record<string, unknown> = parseSettings(values.setting ?? []);
    if (values["require-signature"] !== undefined) settings.signatures = parseSignatures(values["require-signature"]);
    switch (verb) {
      case "list": {
        const { apps } = await listApps(runtime.deps, cliActor(), {});
        if (values.json) console.log(JSON.stringify(apps, null, 2));
        else if (apps.length === 0) console.log("no apps");
        else apps.forEach((a) => console.log(describe(a)));
        return 0;
      }
      case "create": {
        if (!values.id) throw new UsageError("apps create needs --id");
        const app = await createApp(runtime.deps, cliActor(values.id), {
          id: values.id,
          name: values.name ?? values.id,
          ...(values.key ? { key: values.key } : {}),
          ...(values["master-key"] ? { masterKey: values["master-key"] } : {}),
          settings,
        });
        print(app);
        if (!values["master-key"] && !values.json) console.log(`master key ${app.masterKey} (generated; keep it secret)`);
        return 0;
      }
      case "update": {
        const appId = target ?? values.id;
        if (!appId) throw new UsageError("apps update needs the app id");
        const app = await updateApp(runtime.deps, cliActor(appId), {
          appId,
          ...(values.name ? { name: values.name } : {}),
          ...(Object.keys(settings).length ? { settings } : {}),
          rotateKey: values["rotate-key"] ?? false,
          rotateMasterKey: values["rotate-master-key"] ?? false,
        });
        print(app);
        return 0;
      }
      default:
        throw new UsageError(`unknown command "apps ${verb}"`);
    }
  } finally {
    await runtime.close();
    await opened.stop();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof UsageError) console.error(`${err.message}\n\n${USAGE}`);
    else if (isDomainError(err)) console.error(`parley: ${err.code}: ${err.message}`);
    else console.error("parley:", err instanceof Error ? err.message : err);
    process.exit(isDomainError(err) || err instanceof UsageError ? 2 : 1);
  },
);
