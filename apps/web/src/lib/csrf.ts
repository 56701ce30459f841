/** The header the console's tRPC client sends with every request; mutations without it are refused. */
export const CSRF_HEADER = "x-parley-csrf";
export const CSRF_HEADER_VALUE = "1";
