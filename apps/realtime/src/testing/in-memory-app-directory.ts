import type { AppDirectory, AppRecord, AppSettings } from "../ports-local.js";

export interface TestAppInput {
  id: string;
  key?: string;
  masterKey?: string;
  settings?: {
    signatures?: Partial<AppSettings["signatures"]>;
    limits?: Partial<AppSettings["limits"]>;
    originAllowList?: string[];
  };
}

export function defaultAppSettings(): AppSettings {
  return {
    signatures: { login: false },
    limits: { clientIdMaxLength: 64, sessionTokenTtlSeconds: 86_400, onlineQueryMaxIds: 20 },
    originAllowList: [],
  };
}

/** Builds an AppRecord with defaults: key `<id>-key`, master key `<id>-master`. */
export function makeTestApp(input: TestAppInput): AppRecord {
  const defaults = defaultAppSettings();
  return {
    id: input.id,
    key: input.key ?? `${input.id}-key`,
    masterKey: input.masterKey ?? `${input.id}-master`,
    settings: {
      signatures: { ...defaults.signatures, ...input.settings?.signatures },
      limits: { ...defaults.limits, ...input.settings?.limits },
      originAllowList: input.settings?.originAllowList ?? defaults.originAllowList,
    },
  };
}

export interface InMemoryAppDirectory extends AppDirectory {
  put(app: AppRecord): void;
  remove(appId: string): void;
}

export function createInMemoryAppDirectory(apps: AppRecord[] = []): InMemoryAppDirectory {
  const byId = new Map(apps.map((app) => [app.id, app]));
  return {
    async getApp(appId) {
      return byId.get(appId) ?? null;
    },
    put(app) {
      byId.set(app.id, app);
    },
    remove(appId) {
      byId.delete(appId);
    },
  };
}
