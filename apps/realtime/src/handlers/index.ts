// The default handler table. createRealtimeServer({ handlers }) merges overrides/additions over it.
import { handleBlacklistQuery, handleBlock, handleUnblock } from "./blacklist.js";
import {
  handleConvCount,
  handleConvMaxRead,
  handleConvMute,
  handleConvQuery,
  handleConvStart,
  handleConvUnmute,
  handleConvUpdate,
} from "./conv.js";
import { handleConvAdd, handleConvMemberInfoUpdate, handleConvRemove } from "./conv-members.js";
import { handleDirect } from "./direct.js";
import { handleEcho } from "./echo.js";
import { handleLogs } from "./logs.js";
import { handlePatchModify } from "./patch.js";
import { handleAck, handleRead } from "./receipts.js";
import { handleSessionClose, handleSessionOpen, handleSessionQuery, handleSessionRefresh } from "./session.js";
import { handleAddShutup, handleQueryShutup, handleRemoveShutup } from "./shutup.js";
import type { HandlerTable } from "./types.js";

export const defaultHandlers: HandlerTable = {
  "session/open": handleSessionOpen,
  "session/refresh": handleSessionRefresh,
  "session/close": handleSessionClose,
  "session/query": handleSessionQuery,
  echo: handleEcho,
  "conv/start": handleConvStart,
  "conv/query": handleConvQuery,
  "conv/update": handleConvUpdate,
  "conv/count": handleConvCount,
  "conv/mute": handleConvMute,
  "conv/unmute": handleConvUnmute,
  "conv/max_read": handleConvMaxRead,
  "conv/add": handleConvAdd,
  "conv/remove": handleConvRemove,
  "conv/member_info_update": handleConvMemberInfoUpdate,
  "conv/add_shutup": handleAddShutup,
  "conv/remove_shutup": handleRemoveShutup,
  "conv/query_shutup": handleQueryShutup,
  "blacklist/block": handleBlock,
  "blacklist/unblock": handleUnblock,
  "blacklist/query": handleBlacklistQuery,
  direct: handleDirect,
  ack: handleAck,
  read: handleRead,
  logs: handleLogs,
  "patch/modify": handlePatchModify,
};

export * from "./types.js";
