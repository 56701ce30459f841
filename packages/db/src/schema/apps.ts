import type { AppSettings } from "@parley/core";
import { jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { textC } from "./types.js";

export const apps = pgTable("apps", {
  /** The LeanCloud app id clients connect with. */
  id: textC().primaryKey(),
  name: text().notNull(),
  key: text().notNull(),
  masterKey: text().notNull(),
  /** As written by core; parsed with AppSettings on read, so defaults added later apply to old rows. */
  settings: jsonb().$type<AppSettings>().notNull(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
