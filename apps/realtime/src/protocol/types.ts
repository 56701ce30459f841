// Plain TypeScript shapes of the messages in message.proto.
// Used both for decoded (inbound) and to-be-encoded (outbound) commands:
// - proto2 `required` fields are required properties (the SDK rejects frames without them);
// - `optional` fields are optional properties, absent when not on the wire;
// - `repeated` fields are optional arrays (absent when empty on decode);
// - int64 fields are JS numbers (milliseconds fit in 2^53), bytes are Uint8Array (Buffer on decode);
// - enums are numbers (see constants.ts).

export interface JsonObjectMessage {
  data: string;
}

export interface UnreadTuple {
  cid: string;
  unread: number;
  mid?: string;
  timestamp?: number;
  from?: string;
  data?: string;
  patchTimestamp?: number;
  mentioned?: boolean;
  binaryMsg?: Uint8Array;
  convType?: number;
}

export interface LogItem {
  from?: string;
  data?: string;
  timestamp?: number;
  msgId?: string;
  ackAt?: number;
  readAt?: number;
  patchTimestamp?: number;
  mentionAll?: boolean;
  mentionPids?: string[];
  bin?: boolean;
  convType?: number;
}

export interface ConvMemberInfo {
  pid?: string;
  role?: string;
  infoId?: string;
}

export interface DataCommand {
  ids?: string[];
  msg?: JsonObjectMessage[];
  offline?: boolean;
}

export interface SessionCommand {
  t?: number;
  n?: string;
  s?: string;
  ua?: string;
  r?: boolean;
  tag?: string;
  deviceId?: string;
  sessionPeerIds?: string[];
  onlineSessionPeerIds?: string[];
  st?: string;
  stTtl?: number;
  code?: number;
  reason?: string;
  deviceToken?: string;
  sp?: boolean;
  detail?: string;
  lastUnreadNotifTime?: number;
  lastPatchTime?: number;
  configBitmap?: number;
}

export interface ErrorCommand {
  code: number;
  reason: string;
  appCode?: number;
  detail?: string;
  pids?: string[];
  appMsg?: string;
}

export interface DirectCommand {
  msg?: string;
  uid?: string;
  fromPeerId?: string;
  timestamp?: number;
  offline?: boolean;
  hasMore?: boolean;
  toPeerIds?: string[];
  r?: boolean;
  cid?: string;
  id?: string;
  transient?: boolean;
  dt?: string;
  roomId?: string;
  pushData?: string;
  will?: boolean;
  patchTimestamp?: number;
  binaryMsg?: Uint8Array;
  mentionPids?: string[];
  mentionAll?: boolean;
  convType?: number;
}

export interface AckCommand {
  code?: number;
  reason?: string;
  mid?: string;
  cid?: string;
  t?: number;
  uid?: string;
  fromts?: number;
  tots?: number;
  type?: string;
  ids?: string[];
  appCode?: number;
  appMsg?: string;
}

export interface UnreadCommand {
  convs?: UnreadTuple[];
  notifTime?: number;
}

export interface MaxReadTuple {
  pid?: string;
  maxAckTimestamp?: number;
  maxReadTimestamp?: number;
}

export interface ConvCommand {
  m?: string[];
  transient?: boolean;
  unique?: boolean;
  cid?: string;
  cdate?: string;
  initBy?: string;
  sort?: string;
  limit?: number;
  skip?: number;
  flag?: number;
  count?: number;
  udate?: string;
  t?: number;
  n?: string;
  s?: string;
  statusSub?: boolean;
  statusPub?: boolean;
  statusTTL?: number;
  uniqueId?: string;
  targetClientId?: string;
  maxReadTimestamp?: number;
  maxAckTimestamp?: number;
  queryAllMembers?: boolean;
  maxReadTuples?: MaxReadTuple[];
  cids?: string[];
  info?: ConvMemberInfo;
  tempConv?: boolean;
  tempConvTTL?: number;
  tempConvIds?: string[];
  allowedPids?: string[];
  failedPids?: ErrorCommand[];
  next?: string;
  results?: JsonObjectMessage;
  where?: JsonObjectMessage;
  attr?: JsonObjectMessage;
  attrModified?: JsonObjectMessage;
}

export interface RoomCommand {
  roomId?: string;
  s?: string;
  t?: number;
  n?: string;
  transient?: boolean;
  roomPeerIds?: string[];
  byPeerId?: string;
}

export interface LogsCommand {
  cid?: string;
  l?: number;
  limit?: number;
  t?: number;
  tt?: number;
  tmid?: string;
  mid?: string;
  checksum?: string;
  stored?: boolean;
  /** 1 = OLD (schema default when absent), 2 = NEW. */
  direction?: number;
  tIncluded?: boolean;
  ttIncluded?: boolean;
  lctype?: number;
  logs?: LogItem[];
}

export interface RcpCommand {
  id?: string;
  cid?: string;
  t?: number;
  read?: boolean;
  from?: string;
}

export interface ReadTuple {
  cid: string;
  timestamp?: number;
  mid?: string;
}

export interface ReadCommand {
  cid?: string;
  cids?: string[];
  convs?: ReadTuple[];
}

export interface PresenceCommand {
  status?: number;
  sessionPeerIds?: string[];
  cid?: string;
}

export interface ReportCommand {
  initiative?: boolean;
  type?: string;
  data?: string;
}

export interface PatchItem {
  cid?: string;
  mid?: string;
  timestamp?: number;
  recall?: boolean;
  data?: string;
  patchTimestamp?: number;
  from?: string;
  binaryMsg?: Uint8Array;
  mentionAll?: boolean;
  mentionPids?: string[];
  patchCode?: number;
  patchReason?: string;
}

export interface PatchCommand {
  patches?: PatchItem[];
  lastPatchTime?: number;
}

export interface PubsubCommand {
  cid?: string;
  cids?: string[];
  topic?: string;
  subtopic?: string;
  topics?: string[];
  subtopics?: string[];
  results?: JsonObjectMessage;
}

export interface BlacklistCommand {
  srcCid?: string;
  toPids?: string[];
  srcPid?: string;
  toCids?: string[];
  limit?: number;
  next?: string;
  blockedPids?: string[];
  blockedCids?: string[];
  allowedPids?: string[];
  failedPids?: ErrorCommand[];
  t?: number;
  n?: string;
  s?: string;
}

export interface GenericCommand {
  /** CommandType. Always serialized, even when 0 (`session`). */
  cmd?: number;
  /** OpType. */
  op?: number;
  appId?: string;
  peerId?: string;
  /** Request serial id. Responses echo it; pushes never carry it. */
  i?: number;
  installationId?: string;
  priority?: number;
  service?: number;
  serverTs?: number;
  clientTs?: number;
  notificationType?: number;
  dataMessage?: DataCommand;
  sessionMessage?: SessionCommand;
  errorMessage?: ErrorCommand;
  directMessage?: DirectCommand;
  ackMessage?: AckCommand;
  unreadMessage?: UnreadCommand;
  readMessage?: ReadCommand;
  rcpMessage?: RcpCommand;
  logsMessage?: LogsCommand;
  convMessage?: ConvCommand;
  roomMessage?: RoomCommand;
  presenceMessage?: PresenceCommand;
  reportMessage?: ReportCommand;
  patchMessage?: PatchCommand;
  pubsubMessage?: PubsubCommand;
  blacklistMessage?: BlacklistCommand;
}

/** A command we send: `cmd` is mandatory (the SDK ignores pushes whose cmd is missing). */
export type OutboundCommand = GenericCommand & { cmd: number };
