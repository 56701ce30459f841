/** The audit log's operator for attempts by someone not signed in (failed sign-ins). Shared by server and UI. */
export const ANONYMOUS_OPERATOR_ID = "anonymous";
