import { AppSettings, type App, type AppRepository } from "@parley/core";
import { asc, eq, sql } from "drizzle-orm";
import { apps } from "../schema/index.js";
import { asExecutor, prepared, type RepositoryTarget } from "./executor.js";

type AppRow = typeof apps.$inferSelect;

const toApp = (r: AppRow): App => {
  const settings = AppSettings.safeParse(r.settings ?? {});
  if (!settings.success) throw new Error(`app ${r.id}: stored settings are invalid: ${settings.error.message}`);
  return { id: r.id, name: r.name, key: r.key, masterKey: r.masterKey, settings: settings.data, createdAt: r.createdAt, updatedAt: r.updatedAt };
};

export function createAppRepository(target: RepositoryTarget): AppRepository {
  const exec = asExecutor(target);
  return {
    async get(appId) {
      const { db } = await exec.read(false);
      const [row] = await prepared(db, "apps_get", (d) => d.select().from(apps).where(eq(apps.id, sql.placeholder("id")))).execute({ id: appId });
      return row ? toApp(row) : null;
    },
    async list() {
      const { db } = await exec.read(false);
      const rows = await db.select().from(apps).orderBy(asc(apps.createdAt), asc(apps.id));
      return rows.map(toApp);
    },
    async insert(app) {
      const { db } = await exec.write();
      await db.insert(apps).values({
        id: app.id,
        name: app.name,
        key: app.key,
        masterKey: app.masterKey,
        settings: AppSettings.parse(app.settings),
        createdAt: app.createdAt,
        updatedAt: app.updatedAt,
      });
    },
    async update(app) {
      const { db } = await exec.write();
      await db
        .update(apps)
        .set({ name: app.name, key: app.key, masterKey: app.masterKey, settings: AppSettings.parse(app.settings), updatedAt: app.updatedAt })
        .where(eq(apps.id, app.id));
    },
  };
}
