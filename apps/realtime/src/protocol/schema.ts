import protobuf from "protobufjs";
import { MESSAGE_PROTO } from "./message-proto.js";

// protobufjs 7.6 resolves proto2 `required` lazily: without resolveAll() the generated
// encoder treats required fields as optional and silently drops e.g. an empty
// ErrorCommand.reason, which makes the SDK reject the whole frame.
const root = protobuf.parse(MESSAGE_PROTO, { keepCase: true }).root;
root.resolveAll();

const PACKAGE = "push_server.messages2";

export function lookupMessageType(name: string): protobuf.Type {
  return root.lookupType(`${PACKAGE}.${name}`);
}

export const GenericCommandType = lookupMessageType("GenericCommand");
