import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import {
  CodecError,
  decodeBase64Command,
  decodeCommand,
  encodeBase64Command,
  encodeCommand,
  peekSerialId,
} from "./codec.js";
import { CommandType, OpType } from "./constants.js";
import { MESSAGE_PROTO } from "./message-proto.js";
import { PreparedCommand } from "./prepared-command.js";
import type { OutboundCommand } from "./types.js";

const require = createRequire(import.meta.url);

interface SdkLong {
  toNumber(): number;
}
interface SdkCommandClass {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- protobufjs 5 messages are untyped
  decode(bytes: Uint8Array | Buffer): Record<string, any>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- idem
  decode64(text: string): Record<string, any>;
  new (fields: Record<string, unknown>): { toArrayBuffer(): ArrayBuffer; toBase64(): string };
}

// The SDKs' own compiled protobufjs-5 schemas: decoding our output with them proves the client can.
const sdkSchemas: Array<[string, SdkCommandClass]> = [
  ["v4 proto/message-compiled.js", require("leancloud-realtime/proto/message-compiled.js").push_server.messages2.GenericCommand],
  ["v5 Protocols", require("leancloud-realtime-v5").Protocols.GenericCommand],
];

const limit = { maxBytes: 64 * 1024 };

describe("message.proto embedding", () => {
  it("message-proto.ts matches message.proto (run scripts/embed-proto.mjs after editing)", () => {
    const file = readFileSync(new URL("./message.proto", import.meta.url), "utf8");
    expect(MESSAGE_PROTO).toBe(file);
  });
});

describe("encodeCommand → SDK decoder", () => {
  it.each(sdkSchemas)("%s decodes a session/closed push with cmd 0 written explicitly", (_name, Sdk) => {
    const bytes = encodeCommand({
      cmd: CommandType.session,
      op: OpType.closed,
      peerId: "alice",
      sessionMessage: { code: 4111, reason: "SESSION_CONFLICT" },
    });
    expect(bytes[0]).toBe(0x08); // field 1 (cmd), varint
    expect(bytes[1]).toBe(0x00);
    const decoded = Sdk.decode(bytes);
    expect(decoded.cmd).toBe(0);
    expect(decoded.op).toBe(OpType.closed);
    expect(decoded.peerId).toBe("alice");
    expect(decoded.sessionMessage.code).toBe(4111);
  });

  it.each(sdkSchemas)("%s decodes required fields even when empty/zero", (_name, Sdk) => {
    const cmd = {
      cmd: CommandType.error,
      i: 3,
      errorMessage: { code: 4200, reason: "" },
      unreadMessage: { convs: [{ cid: "c1", unread: 0 }], notifTime: 1_700_000_000_123 },
      convMessage: { results: { data: "" } },
      readMessage: { convs: [{ cid: "c2" }] },
    } satisfies OutboundCommand;
    const decoded = Sdk.decode(encodeCommand(cmd));
    expect(decoded.errorMessage.code).toBe(4200);
    expect(decoded.errorMessage.reason).toBe("");
    expect(decoded.unreadMessage.convs[0].unread).toBe(0);
    expect((decoded.unreadMessage.notifTime as SdkLong).toNumber()).toBe(1_700_000_000_123);
    expect(decoded.convMessage.results.data).toBe("");
    expect(decoded.readMessage.convs[0].cid).toBe("c2");
    expect(decoded.i).toBe(3);
  });

  it.each(sdkSchemas)("%s decodes session/opened with int64 serverTs and st/stTtl", (_name, Sdk) => {
    const decoded = Sdk.decode(
      encodeCommand({
        cmd: CommandType.session,
        op: OpType.opened,
        i: 1,
        peerId: "bob",
        serverTs: 1_712_345_678_901,
        sessionMessage: { st: "token", stTtl: 86_400 },
      }),
    );
    expect((decoded.serverTs as SdkLong).toNumber()).toBe(1_712_345_678_901);
    expect(decoded.sessionMessage.st).toBe("token");
    expect(decoded.sessionMessage.stTtl).toBe(86_400);
  });

  it.each(sdkSchemas)("%s decodes the base64 variant", (_name, Sdk) => {
    const text = encodeBase64Command({ cmd: CommandType.echo, i: 9 });
    const decoded = Sdk.decode64(text);
    expect(decoded.cmd).toBe(CommandType.echo);
    expect(decoded.i).toBe(9);
  });

  it.each(sdkSchemas)("%s accepts the v5-only fields (v4 skips them as unknown)", (_name, Sdk) => {
    const decoded = Sdk.decode(
      encodeCommand({ cmd: CommandType.conv, op: OpType.joined, serverTs: 5, notificationType: 1, clientTs: 6 }),
    );
    expect(decoded.cmd).toBe(CommandType.conv);
    expect((decoded.serverTs as SdkLong).toNumber()).toBe(5);
  });
});

describe("SDK encoder → decodeCommand", () => {
  it.each(sdkSchemas)("%s session/open round trip (binary and base64)", (_name, Sdk) => {
    const sdkCommand = new Sdk({
      cmd: 0,
      op: 1,
      appId: "app",
      peerId: "alice",
      i: 1,
      sessionMessage: { ua: "js/test", r: false, t: 1_700_000_000, n: "nonce", s: "sig", lastPatchTime: 1_700_000_000_999, configBitmap: 187 },
    });
    for (const decoded of [
      decodeCommand(Buffer.from(sdkCommand.toArrayBuffer()), limit),
      decodeBase64Command(sdkCommand.toBase64(), limit),
    ]) {
      expect(decoded).toMatchObject({ cmd: 0, op: 1, appId: "app", peerId: "alice", i: 1 });
      expect(decoded.sessionMessage).toEqual({
        ua: "js/test",
        r: false,
        t: 1_700_000_000,
        n: "nonce",
        s: "sig",
        lastPatchTime: 1_700_000_000_999,
        configBitmap: 187,
      });
    }
  });
});

describe("own round trip", () => {
  it("keeps absent optionals absent and bytes as bytes", () => {
    const decoded = decodeCommand(
      encodeCommand({ cmd: CommandType.direct, directMessage: { cid: "c", binaryMsg: new Uint8Array([1, 2, 3]) } }),
      limit,
    );
    expect(decoded.op).toBeUndefined();
    expect(decoded.i).toBeUndefined();
    expect(decoded.directMessage?.msg).toBeUndefined();
    expect([...(decoded.directMessage?.binaryMsg ?? [])]).toEqual([1, 2, 3]);
  });

  it("leaves the LogsCommand direction default to the handler (absent on the wire)", () => {
    const decoded = decodeCommand(encodeCommand({ cmd: CommandType.logs, logsMessage: { cid: "c" } }), limit);
    expect(decoded.logsMessage?.direction).toBeUndefined();
  });
});

describe("rejection", () => {
  it("rejects oversize frames", () => {
    const bytes = encodeCommand({ cmd: CommandType.direct, directMessage: { msg: "x".repeat(2000) } });
    expect(() => decodeCommand(bytes, { maxBytes: 1000 })).toThrow(CodecError);
    try {
      decodeCommand(bytes, { maxBytes: 1000 });
    } catch (err) {
      expect((err as CodecError).kind).toBe("FRAME_TOO_LONG");
    }
    expect(() => decodeBase64Command(bytes.toString("base64"), { maxBytes: 1000 })).toThrow(/exceeds/);
  });

  it.each([
    ["truncated varint", Buffer.from([0x08, 0x80])],
    ["length beyond end", Buffer.from([0x1a, 0x7f, 0x61])],
    ["invalid wire type", Buffer.from([0x0f])],
    ["random garbage", Buffer.from("ffffffffffffffffffffff", "hex")],
  ])("rejects %s as MALFORMED", (_name, bytes) => {
    try {
      decodeCommand(bytes, limit);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(CodecError);
      expect((err as CodecError).kind).toBe("MALFORMED");
    }
  });

  it("rejects a missing nested required field but recovers the serial id", () => {
    // GenericCommand{cmd: read, i: 7, readMessage{convs: [ReadTuple{timestamp: 1}]}} (ReadTuple.cid missing)
    const tuple = Buffer.from([0x10, 0x01]);
    const read = Buffer.concat([Buffer.from([0x1a, tuple.length]), tuple]);
    const bytes = Buffer.concat([Buffer.from([0x08, 11, 0x28, 7, 0xda, 0x06, read.length]), read]);
    try {
      decodeCommand(bytes, limit);
      expect.unreachable();
    } catch (err) {
      expect((err as CodecError).kind).toBe("MALFORMED");
      expect((err as CodecError).serialId).toBe(7);
    }
    expect(peekSerialId(Buffer.from([0xff]))).toBeUndefined();
  });

  it("rejects text that is not base64", () => {
    expect(() => decodeBase64Command("not base64!!", limit)).toThrow(CodecError);
    expect(() => decodeBase64Command("abc", limit)).toThrow(CodecError);
  });

  it("never throws anything but CodecError on random input", () => {
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let n = 0; n < 2000; n++) {
      const bytes = Buffer.from(Array.from({ length: Math.floor(random() * 64) }, () => Math.floor(random() * 256)));
      try {
        decodeCommand(bytes, limit);
      } catch (err) {
        expect(err).toBeInstanceOf(CodecError);
      }
    }
  });
});

describe("PreparedCommand", () => {
  const push: OutboundCommand = { cmd: CommandType.direct, directMessage: { cid: "c", id: "m1", msg: "hi", fromPeerId: "alice", timestamp: 1 } };

  it.each(sdkSchemas)("%s decodes the encode-once frame with the appended peerId", (_name, Sdk) => {
    const prepared = new PreparedCommand(push);
    const bin = Sdk.decode(prepared.frame("binary", "bob") as Buffer);
    expect(bin.peerId).toBe("bob");
    expect(bin.directMessage.msg).toBe("hi");
    const text = Sdk.decode64(prepared.frame("base64", "ça-long-id-".repeat(20)) as string);
    expect(text.peerId).toBe("ça-long-id-".repeat(20));
    expect(Sdk.decode(prepared.frame("binary") as Buffer).peerId).toBeNull();
  });

  it("strips a peerId given in the command and reuses the last frame", () => {
    const prepared = new PreparedCommand({ ...push, peerId: "ignored" });
    const a = prepared.frame("binary", "x");
    expect(prepared.frame("binary", "x")).toBe(a);
    expect(decodeCommand(a as Buffer, limit).peerId).toBe("x");
  });
});
