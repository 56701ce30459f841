// Stands in for `server-only` under vitest: tests run server modules directly.
export {};
