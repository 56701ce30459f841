// Enum numbers of message.proto, as named TypeScript constants.
// On the wire `cmd` and `op` are plain numbers; decoded commands carry numbers too.

export const CommandType = {
  session: 0,
  conv: 1,
  direct: 2,
  ack: 3,
  rcp: 4,
  unread: 5,
  logs: 6,
  error: 7,
  login: 8,
  data: 9,
  room: 10,
  read: 11,
  presence: 12,
  report: 13,
  echo: 14,
  loggedin: 15,
  logout: 16,
  loggedout: 17,
  patch: 18,
  pubsub: 19,
  blacklist: 20,
  goaway: 21,
} as const;
export type CommandTypeName = keyof typeof CommandType;
export type CommandTypeValue = (typeof CommandType)[CommandTypeName];

export const OpType = {
  // session
  open: 1,
  add: 2,
  remove: 3,
  close: 4,
  opened: 5,
  closed: 6,
  query: 7,
  query_result: 8,
  conflict: 9,
  added: 10,
  removed: 11,
  refresh: 12,
  refreshed: 13,
  // conv
  start: 30,
  started: 31,
  joined: 32,
  members_joined: 33,
  left: 39,
  members_left: 40,
  results: 42,
  count: 43,
  result: 44,
  update: 45,
  updated: 46,
  mute: 47,
  unmute: 48,
  status: 49,
  members: 50,
  max_read: 51,
  is_member: 52,
  member_info_update: 53,
  member_info_updated: 54,
  member_info_changed: 55,
  // room
  join: 80,
  invite: 81,
  leave: 82,
  kick: 83,
  reject: 84,
  invited: 85,
  kicked: 86,
  // report
  upload: 100,
  uploaded: 101,
  // pubsub
  subscribe: 120,
  subscribed: 121,
  unsubscribe: 122,
  unsubscribed: 123,
  is_subscribed: 124,
  // patch
  modify: 150,
  modified: 151,
  // blacklist
  block: 170,
  unblock: 171,
  blocked: 172,
  unblocked: 173,
  members_blocked: 174,
  members_unblocked: 175,
  check_block: 176,
  check_result: 177,
  // shutup
  add_shutup: 180,
  remove_shutup: 181,
  query_shutup: 182,
  shutup_added: 183,
  shutup_removed: 184,
  shutup_result: 185,
  shutuped: 186,
  unshutuped: 187,
  members_shutuped: 188,
  members_unshutuped: 189,
  check_shutup: 190,
} as const;
export type OpTypeName = keyof typeof OpType;
export type OpTypeValue = (typeof OpType)[OpTypeName];

export const StatusType = { on: 1, off: 2 } as const;

export const LogsQueryDirection = { OLD: 1, NEW: 2 } as const;

/** `GenericCommand.service`: absent or 2 = IM, 1 = LiveQuery. */
export const Service = { liveQuery: 1, im: 2 } as const;

const commandNames = new Map<number, string>(Object.entries(CommandType).map(([k, v]) => [v, k]));
const opNames = new Map<number, string>(Object.entries(OpType).map(([k, v]) => [v, k]));

/** The enum identifier of a `cmd` ("conv"), as LeanCloud's JSON notifications spell it. */
export const commandName = (cmd: number | undefined): string | undefined => (cmd === undefined ? undefined : commandNames.get(cmd));

/** The enum identifier of an `op` ("members_joined", with underscores). */
export const opName = (op: number | undefined): string | undefined => (op === undefined ? undefined : opNames.get(op));

/** Human-readable `cmd/op` label for logs and error details ("session/open", "direct", "cmd#99"). */
export function commandLabel(cmd: number | undefined, op: number | undefined): string {
  const c = cmd === undefined ? "?" : (commandNames.get(cmd) ?? `cmd#${cmd}`);
  if (op === undefined) return c;
  return `${c}/${opNames.get(op) ?? `op#${op}`}`;
}
