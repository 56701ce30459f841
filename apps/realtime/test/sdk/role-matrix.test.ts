// The role × action matrix (protocol part 2 §4–§9 and §18; Parley's policy table in
// packages/core/src/members/policy.ts), driven over real WebSockets by both official SDKs.
//
// Every row gets a fresh conversation and a fresh cast, set up through core (cheap, no socket
// round trips); only the acting client is online (one SDK client per actor, reused by every row),
// so the set-up pushes reach one client instead of all:
//   creator Owner "owner", Manager "manager", Members "member", "silenced" (silenced) and
//   "target" (who also sent one message), and "blocked" (was a member, then blocked, so removed).
//   "outsider" never belonged. "newcomer" is a client id nobody uses yet.
// The actor then performs one action through its SDK. A refusal must carry the SDK's numeric
// code and leave the conversation exactly as it was (members and roles, silence and block lists,
// name and attributes, message contents: read back through core, not through the actor) and
// publish no event (so nobody gets a push); an allowed action must make exactly the expected
// change and nothing else.
import {
  blockMembers,
  createConversation,
  listBlocked,
  listSilenced,
  postMessage,
  queryHistory,
  roleOf,
  silenceMembers,
  updateMemberRole,
  type Actor,
  type CoreDeps,
  type DomainEvent,
} from "@parley/core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { WireClient, replyFailure } from "../../bench/lib/wire-client.js";
import { CommandType, OpType } from "../../src/protocol/constants.js";
import { createTestApp } from "../../src/testing/index.js";
import { SDK_VERSIONS, cleanupSdk, createClient, sdkFor, startTestServer, type IMClient, type SdkVersion, type TestServer } from "./harness.js";

/* eslint-disable @typescript-eslint/no-explicit-any -- SDK objects are untyped */
type SdkConversation = any;

const ACTORS = ["owner", "manager", "member", "outsider", "silenced", "blocked"] as const;
type ActorName = (typeof ACTORS)[number];
const PEOPLE = [...ACTORS, "target", "newcomer"] as const;
type Person = (typeof PEOPLE)[number];
type Cast = Record<Person, string>;

/** "ok": allowed; a number: the whole request is refused with that code; partial: resolved, the one target failed with that code. */
type Outcome = "ok" | number | { partial: number };
const OK = "ok";
const partial = (code: number): Outcome => ({ partial: code });
/** The same outcome for every actor. */
const all = (outcome: Outcome): Record<ActorName, Outcome> =>
  Object.fromEntries(ACTORS.map((a) => [a, outcome])) as Record<ActorName, Outcome>;

// The SDK's codes (src/error.js).
const NOT_ALLOWED = 4308; // CONVERSATION_NOT_ALLOWED
const UPDATE_REJECTED = 4309; // CONVERSATION_UPDATE_REJECTED
const LOG_REJECTED = 4312; // CONVERSATION_LOG_REJECTED
const BLACKLISTED = 4315; // CONVERSATION_BLACKLISTED
const MEMBERSHIP_REQUIRED = 4317; // CONVERSATION_MEMBERSHIP_REQUIRED
const INVALID_MESSAGING_TARGET = 4401;
const OWNERSHIP_REQUIRED = 4403; // MESSAGE_OWNERSHIP_REQUIRED
const OWNER_PROMOTION_NOT_ALLOWED = 5130;

type Role = "Owner" | "Manager" | "Member";
interface MessageState {
  from: Person | string;
  text: string;
  recalled: boolean;
}
/** Everything a refused action must leave alone, with client ids replaced by the cast's names. */
interface Snapshot {
  members: Partial<Record<Person, Role>>;
  silenced: string[];
  blocked: string[];
  name: string | null;
  attributes: Record<string, unknown>;
  messages: MessageState[];
}

interface Fixture {
  cid: string;
  /** The message "target" sent (someone else's message for every actor). */
  targetMessage: { id: string; timestamp: number };
  /** Each actor's own earlier message (only when asked for). */
  own: Partial<Record<ActorName, { id: string; timestamp: number }>>;
}

interface RowContext {
  conversation: SdkConversation;
  client: IMClient;
  actor: ActorName;
  cast: Cast;
  fixture: Fixture;
}

interface Action {
  title: string;
  /** An actor left out has no such row (e.g. the outsider has no earlier message of its own). */
  outcomes: Partial<Record<ActorName, Outcome>>;
  /**
   * Rows whose expected outcome the server does not meet yet: the test is `it.fails` and the
   * text names the bug and where it lives (outside the files this suite may change).
   */
  knownBugs?: Partial<Record<ActorName, string>>;
  run(ctx: RowContext): Promise<unknown>;
  /** The state an allowed action leaves (default: unchanged). */
  change?(before: Snapshot, actor: ActorName): Snapshot;
  /** Who the partial failure names (default: the actor). */
  failedTarget?: Person;
  /** Checks on what the SDK returned when allowed. */
  returns?(value: any, ctx: RowContext): void;
  /** Set up each actor's own earlier message. */
  ownMessages?: boolean;
}

const TEXT = (text: string) => JSON.stringify({ _lctype: -1, _lctext: text });
const isMember = (s: Snapshot, who: Person) => s.members[who] !== undefined;
const without = <T extends object>(o: T, key: keyof T): T => {
  const copy = { ...o };
  delete copy[key];
  return copy;
};
const sorted = (ids: string[]) => [...ids].sort();

const ACTIONS: Action[] = [
  {
    title: "send a message",
    outcomes: { owner: OK, manager: OK, member: OK, outsider: INVALID_MESSAGING_TARGET, silenced: NOT_ALLOWED, blocked: BLACKLISTED },
    run: ({ conversation, client, actor }) => conversation.send(new (sdkFor(client).TextMessage)(`hello from ${actor}`)),
    change: (s, actor) => ({ ...s, messages: [...s.messages, { from: actor, text: `hello from ${actor}`, recalled: false }] }),
  },
  {
    title: "add a new client",
    outcomes: { owner: OK, manager: OK, member: OK, outsider: MEMBERSHIP_REQUIRED, silenced: OK, blocked: MEMBERSHIP_REQUIRED },
    run: ({ conversation, cast }) => conversation.add([cast.newcomer]),
    change: (s) => ({ ...s, members: { ...s.members, newcomer: "Member" } }),
    returns: (r, { cast }) => expect(r).toMatchObject({ successfulClientIds: [cast.newcomer] }),
  },
  {
    title: "add the blocked client",
    outcomes: { ...all(partial(BLACKLISTED)), outsider: MEMBERSHIP_REQUIRED },
    run: ({ conversation, cast }) => conversation.add([cast.blocked]),
    failedTarget: "blocked",
  },
  {
    title: "remove a Member",
    outcomes: { ...all(NOT_ALLOWED), owner: OK, manager: OK },
    run: ({ conversation, cast }) => conversation.remove([cast.target]),
    change: (s) => ({ ...s, members: without(s.members, "target") }),
    returns: (r, { cast }) => expect(r).toMatchObject({ successfulClientIds: [cast.target], failures: [] }),
  },
  {
    // The Owner removing itself is a quit.
    title: "remove the Owner",
    outcomes: { ...all(NOT_ALLOWED), owner: OK, manager: partial(NOT_ALLOWED) },
    run: ({ conversation, cast }) => conversation.remove([cast.owner]),
    failedTarget: "owner",
    change: (s) => ({ ...s, members: without(s.members, "owner") }),
  },
  {
    // The Manager removing itself is a quit.
    title: "remove the Manager",
    outcomes: { ...all(NOT_ALLOWED), owner: OK, manager: OK },
    run: ({ conversation, cast }) => conversation.remove([cast.manager]),
    change: (s) => ({ ...s, members: without(s.members, "manager") }),
  },
  {
    title: "update the name and attributes",
    outcomes: { ...all(OK), outsider: UPDATE_REJECTED, blocked: UPDATE_REJECTED },
    run: async ({ conversation, actor }) => {
      conversation.set("name", `renamed by ${actor}`);
      conversation.set("color", "blue");
      return conversation.save();
    },
    change: (s, actor) => ({ ...s, name: `renamed by ${actor}`, attributes: { ...s.attributes, color: "blue" } }),
  },
  {
    title: "promote a Member to Manager",
    outcomes: { ...all(NOT_ALLOWED), owner: OK },
    run: ({ conversation, cast }) => conversation.updateMemberRole(cast.target, "Manager"),
    change: (s) => ({ ...s, members: { ...s.members, target: "Manager" } }),
  },
  {
    title: "promote the blocked client (not a member) to Manager",
    outcomes: { ...all(NOT_ALLOWED), owner: MEMBERSHIP_REQUIRED },
    run: ({ conversation, cast }) => conversation.updateMemberRole(cast.blocked, "Manager"),
  },
  {
    title: "demote the Manager to Member",
    outcomes: { ...all(NOT_ALLOWED), owner: OK },
    run: ({ conversation, cast }) => conversation.updateMemberRole(cast.manager, "Member"),
    change: (s) => ({ ...s, members: { ...s.members, manager: "Member" } }),
  },
  {
    // The SDK refuses `Owner` locally (5130, nothing sent); the raw-frame table below covers the server.
    title: "change the Owner's role to Manager",
    outcomes: all(NOT_ALLOWED),
    run: ({ conversation, cast }) => conversation.updateMemberRole(cast.owner, "Manager"),
  },
  {
    title: "silence a Member",
    outcomes: { ...all(NOT_ALLOWED), owner: OK, manager: OK },
    run: ({ conversation, cast }) => conversation.muteMembers([cast.target]),
    change: (s) => ({ ...s, silenced: sorted([...s.silenced, "target"]) }),
    returns: (r, { cast }) => expect(r).toMatchObject({ successfulClientIds: [cast.target], failures: [] }),
  },
  {
    title: "silence the Manager",
    outcomes: { ...all(NOT_ALLOWED), owner: OK, manager: partial(NOT_ALLOWED) },
    run: ({ conversation, cast }) => conversation.muteMembers([cast.manager]),
    failedTarget: "manager",
    change: (s) => ({ ...s, silenced: sorted([...s.silenced, "manager"]) }),
  },
  {
    title: "silence the Owner",
    outcomes: { ...all(NOT_ALLOWED), owner: partial(NOT_ALLOWED), manager: partial(NOT_ALLOWED) },
    run: ({ conversation, cast }) => conversation.muteMembers([cast.owner]),
    failedTarget: "owner",
  },
  {
    title: "unsilence the silenced member",
    outcomes: { ...all(NOT_ALLOWED), owner: OK, manager: OK },
    run: ({ conversation, cast }) => conversation.unmuteMembers([cast.silenced]),
    change: (s) => ({ ...s, silenced: s.silenced.filter((who) => who !== "silenced") }),
  },
  {
    title: "block a Member",
    outcomes: { ...all(NOT_ALLOWED), owner: OK, manager: OK },
    run: ({ conversation, cast }) => conversation.blockMembers([cast.target]),
    change: (s) => ({ ...s, members: without(s.members, "target"), blocked: sorted([...s.blocked, "target"]) }),
    returns: (r, { cast }) => expect(r).toMatchObject({ successfulClientIds: [cast.target], failures: [] }),
  },
  {
    title: "block the Manager",
    outcomes: { ...all(NOT_ALLOWED), owner: OK, manager: partial(NOT_ALLOWED) },
    run: ({ conversation, cast }) => conversation.blockMembers([cast.manager]),
    failedTarget: "manager",
    change: (s) => ({ ...s, members: without(s.members, "manager"), blocked: sorted([...s.blocked, "manager"]) }),
  },
  {
    title: "block the Owner",
    outcomes: { ...all(NOT_ALLOWED), owner: partial(NOT_ALLOWED), manager: partial(NOT_ALLOWED) },
    run: ({ conversation, cast }) => conversation.blockMembers([cast.owner]),
    failedTarget: "owner",
  },
  {
    title: "unblock the blocked client",
    outcomes: { ...all(NOT_ALLOWED), owner: OK, manager: OK },
    run: ({ conversation, cast }) => conversation.unblockMembers([cast.blocked]),
    change: (s) => ({ ...s, blocked: s.blocked.filter((who) => who !== "blocked") }),
  },
  {
    title: "query the silenced list",
    outcomes: { ...all(OK), outsider: MEMBERSHIP_REQUIRED, blocked: MEMBERSHIP_REQUIRED },
    run: ({ conversation }) => conversation.queryMutedMembers(),
    returns: (r, { cast }) => expect(r.results).toEqual([cast.silenced]),
  },
  {
    title: "query the block list",
    outcomes: { ...all(OK), outsider: MEMBERSHIP_REQUIRED, blocked: MEMBERSHIP_REQUIRED },
    run: ({ conversation }) => conversation.queryBlockedMembers(),
    returns: (r, { cast }) => expect(r.results).toEqual([cast.blocked]),
  },
  {
    // Members re-joining is a no-op success.
    title: "join",
    outcomes: { ...all(OK), blocked: BLACKLISTED },
    run: ({ conversation }) => conversation.join(),
    change: (s, actor) => (isMember(s, actor) ? s : { ...s, members: { ...s.members, [actor]: "Member" } }),
  },
  {
    // Quitting when not a member is a no-op success.
    title: "quit",
    outcomes: all(OK),
    run: ({ conversation }) => conversation.quit(),
    change: (s, actor) => ({ ...s, members: without(s.members, actor) }),
  },
  {
    title: "recall someone else's message",
    outcomes: all(OWNERSHIP_REQUIRED),
    run: ({ conversation, fixture }) => conversation.recall(fixture.targetMessage),
  },
  {
    title: "edit someone else's message",
    outcomes: all(OWNERSHIP_REQUIRED),
    run: ({ conversation, client, fixture }) => conversation.update(fixture.targetMessage, new (sdkFor(client).TextMessage)("forged")),
  },
  {
    title: "read the history",
    outcomes: { ...all(OK), outsider: LOG_REJECTED, blocked: LOG_REJECTED },
    run: ({ conversation }) => conversation.queryMessages(),
    returns: (messages: any[]) => expect(messages.map((m) => m.text)).toContain("from target"),
  },
  {
    title: "recall its own earlier message",
    outcomes: { owner: OK, manager: OK, member: OK, silenced: OK, blocked: OK },
    ownMessages: true,
    run: ({ conversation, actor, fixture }) => conversation.recall(fixture.own[actor]),
    change: (s, actor) => ({
      ...s,
      messages: s.messages.map((m) => (m.from === actor ? { from: actor, text: '{"_lctype":-127}', recalled: true } : m)),
    }),
  },
  {
    // Editing puts new words in front of every member: for a silenced or blocked client that is
    // sending by another name (the SDK pushes the edit as MESSAGE_UPDATE to everyone).
    title: "edit its own earlier message",
    outcomes: { owner: OK, manager: OK, member: OK, silenced: NOT_ALLOWED, blocked: BLACKLISTED },
    ownMessages: true,
    run: ({ conversation, client, actor, fixture }) => conversation.update(fixture.own[actor], new (sdkFor(client).TextMessage)(`edited by ${actor}`)),
    change: (s, actor) => ({ ...s, messages: s.messages.map((m) => (m.from === actor ? { ...m, text: `edited by ${actor}` } : m)) }),
  },
];

const serverActor = (appId: string): Actor => ({ kind: "server", appId, clientId: "server" });
const clientActor = (appId: string, clientId: string): Actor => ({ kind: "client", appId, clientId });

let target: TestServer;
let core: CoreDeps;
/** Every domain event the server published (what the fan-out turns into pushes). */
const published: DomainEvent[] = [];
let appId: string;
let appKey: string;

// v5 coalesces identical in-flight requests and says so on the console each time: every client
// looks up each fresh conversation once per push about it. Expected here; keep the output readable.
const warn = console.warn.bind(console);
const spy = vi.spyOn(console, "warn").mockImplementation((...args: unknown[]) => {
  if (typeof args[0] === "string" && /^Duplicated command \[cmd:\d+ op:\d+\] is throttled\.$/.test(args[0])) return;
  warn(...args);
});

beforeAll(async () => {
  target = await startTestServer();
  core = target.backend.core;
  target.backend.bus.subscribe((events) => void published.push(...events));
  // The matrix sends far more commands per client than the default 30 per minute.
  const app = await createTestApp(target.backend, {
    id: "matrix",
    settings: { limits: { otherOpsPerMinute: 1_000_000, sendsPerMinute: 1_000_000, historyQueriesPerMinute: 1_000_000 } },
  });
  appId = app.id;
  appKey = app.key;
});
afterAll(async () => {
  spy.mockRestore();
  await cleanupSdk();
});

let castSeq = 0;
function newCast(prefix: string): Cast {
  const n = ++castSeq;
  return Object.fromEntries(PEOPLE.map((p) => [p, `${prefix}-${p}-${n}`])) as Cast;
}

/** A fresh conversation in the state described at the top of this file. */
async function freshConversation(cast: Cast, options: { ownMessages?: boolean } = {}): Promise<Fixture> {
  const as = (who: Person) => clientActor(appId, cast[who]);
  const { conversation } = await createConversation(core, as("owner"), {
    members: [cast.manager, cast.member, cast.silenced, cast.blocked, cast.target],
    attributes: { name: "before", color: "red" },
  });
  const cid = conversation.id;
  await updateMemberRole(core, as("owner"), { conversationId: cid, clientId: cast.manager, role: "Manager" });
  const post = async (who: Person, text: string) => {
    const r = await postMessage(core, as(who), { conversationId: cid, content: { kind: "text", text: TEXT(text) } });
    return { id: r.id, timestamp: r.timestamp };
  };
  const targetMessage = await post("target", "from target");
  const own: Fixture["own"] = {};
  if (options.ownMessages) {
    for (const who of ["owner", "manager", "member", "silenced", "blocked"] as const) own[who] = await post(who, `earlier by ${who}`);
  }
  await silenceMembers(core, as("owner"), { conversationId: cid, clientIds: [cast.silenced] });
  await blockMembers(core, as("owner"), { conversationId: cid, clientIds: [cast.blocked] });
  return { cid, targetMessage, own };
}

async function snapshot(cast: Cast, cid: string): Promise<Snapshot> {
  const nameOf = new Map<string, Person>(PEOPLE.map((p) => [cast[p], p]));
  const named = (id: string) => nameOf.get(id) ?? id;
  const server = serverActor(appId);
  const { conversation, members } = await core.uow.run(async (tx) => ({
    conversation: await tx.conversations.get(appId, cid),
    members: await tx.members.listForConversations([cid]),
  }));
  if (!conversation) throw new Error(`conversation ${cid} is gone`);
  const silenced = await listSilenced(core, server, { conversationId: cid, limit: 100 });
  const blocked = await listBlocked(core, server, { conversationId: cid, limit: 100 });
  const history = await queryHistory(core, server, { conversationId: cid, limit: 100 });
  const textOf = (content: { kind: string; text?: string }) => {
    if (content.kind !== "text" || content.text === undefined) return `<${content.kind}>`;
    try {
      const parsed = JSON.parse(content.text) as { _lctext?: string };
      return parsed._lctext ?? content.text;
    } catch {
      return content.text;
    }
  };
  return {
    members: Object.fromEntries(members.map((m) => [named(m.clientId), roleOf(conversation, m)])),
    silenced: sorted(silenced.clientIds.map(named)),
    blocked: sorted(blocked.clientIds.map(named)),
    name: conversation.name,
    attributes: conversation.attributes,
    messages: history.items.map(({ message }) => ({ from: named(message.from), text: textOf(message.content), recalled: message.recalled })),
  };
}

function describeOutcome(outcome: Outcome): string {
  if (outcome === OK) return "allowed";
  if (typeof outcome === "number") return `refused ${outcome}`;
  return `partial, target fails ${outcome.partial}`;
}

describe.each(SDK_VERSIONS)("SDK %s", (version: SdkVersion) => {
  const online = newCast(version);
  const clients = new Map<ActorName, IMClient>();
  /** A fresh cast in which `actor` is the logged-in client. */
  const castFor = (actor: ActorName): Cast => ({ ...newCast(`${version}-off`), [actor]: online[actor] });

  beforeAll(async () => {
    for (const actor of ACTORS) {
      const { client } = await createClient(version, target, online[actor], { appId, appKey });
      clients.set(actor, client);
    }
  });

  const rows = ACTIONS.flatMap((action) =>
    ACTORS.flatMap((actor) => {
      const outcome = action.outcomes[actor];
      return outcome === undefined ? [] : [{ action, actor, outcome, bug: action.knownBugs?.[actor] }];
    }),
  );

  /** One row: fresh conversation, the action through the actor's SDK, then the outcome and the state. */
  async function runRow(action: Action, actor: ActorName, outcome: Outcome): Promise<void> {
    const cast = castFor(actor);
    const fixture = await freshConversation(cast, { ownMessages: action.ownMessages });
    const client = clients.get(actor)!;
    const conversation = await client.getConversation(fixture.cid, true);
    expect(conversation?.id).toBe(fixture.cid);
    const before = await snapshot(cast, fixture.cid);
    const ctx: RowContext = { conversation, client, actor, cast, fixture };

    const mark = published.length;
    const settled = await action.run(ctx).then(
      (value) => ({ ok: true as const, value }),
      (error: unknown) => ({ ok: false as const, error: error as { code?: number; message?: string } }),
    );
    const after = await snapshot(cast, fixture.cid);
    // Core publishes to this process's subscribers before it answers, so this is complete.
    const pushed = published.slice(mark).filter((e) => e.conversationId === fixture.cid).map((e) => e.type);

    if (typeof outcome === "number") {
      expect(settled.ok, `${actor} should be refused (${describeOutcome(outcome)})`).toBe(false);
      if (!settled.ok) expect({ code: settled.error.code, message: settled.error.message }).toMatchObject({ code: outcome });
      expect(after).toEqual(before);
      expect(pushed, "a refused action tells nobody anything").toEqual([]);
      return;
    }
    if (!settled.ok) throw new Error(`${actor}: ${action.title} should be ${describeOutcome(outcome)}, got ${settled.error.code} ${settled.error.message}`);
    if (outcome === OK) {
      expect(after).toEqual(action.change ? action.change(before, actor) : before);
      action.returns?.(settled.value, ctx);
    } else {
      const failed = cast[action.failedTarget ?? actor];
      expect(settled.value).toMatchObject({ successfulClientIds: [], failures: [{ code: outcome.partial, clientIds: [failed] }] });
      expect(after).toEqual(before);
      expect(pushed).toEqual([]);
    }
  }

  // Rows share nothing but the logged-in clients (each has its own conversation and cast), so a
  // few run at once: most of a row's time is spent waiting for the socket and the database.
  describe.concurrent("matrix", () => {
    for (const { action, actor, outcome, bug } of rows) {
      const title = `${actor}: ${action.title} → ${describeOutcome(outcome)}`;
      if (bug) it.fails(`${title} [${bug}]`, () => runRow(action, actor, outcome));
      else it(title, () => runRow(action, actor, outcome));
    }
  });

  it("a silenced member who quits and joins again is still silenced", async () => {
    const cast = castFor("silenced");
    const fixture = await freshConversation(cast);
    const client = clients.get("silenced")!;
    const conversation = await client.getConversation(fixture.cid, true);
    await conversation.quit();
    await conversation.join();
    await expect(conversation.send(new (sdkFor(client).TextMessage)("back again"))).rejects.toMatchObject({ code: NOT_ALLOWED });
    const after = await snapshot(cast, fixture.cid);
    expect(after.silenced).toEqual(["silenced"]);
    expect(after.messages.map((m) => m.text)).toEqual(["from target"]);
  });
});

/**
 * What the SDK cannot send: it refuses `updateMemberRole(id, "Owner")` locally (5130). The server
 * must refuse the raw `member_info_update` the same way, whoever asks, and change nothing.
 */
describe("raw frames: granting the Owner role", () => {
  const cast = newCast("raw");
  const wires = new Map<ActorName, WireClient>();

  beforeAll(async () => {
    for (const actor of ACTORS) {
      const wire = await WireClient.connect(target.wsUrl);
      await wire.open(appId, cast[actor]);
      wires.set(actor, wire);
    }
  });
  afterAll(async () => {
    await Promise.all([...wires.values()].map((w) => w.close()));
  });

  const rows = ACTORS.flatMap((actor) => (["target", actor] as const).map((to) => ({ actor, to })));
  it.each(rows)("$actor grants Owner to $to → refused 5130", async ({ actor, to }) => {
    const fixture = await freshConversation(cast);
    const before = await snapshot(cast, fixture.cid);
    const reply = await wires.get(actor)!.requestRaw({
      cmd: CommandType.conv,
      op: OpType.member_info_update,
      convMessage: { cid: fixture.cid, targetClientId: cast[to], info: { pid: cast[to], role: "Owner" } },
    });
    expect(replyFailure(reply)).toEqual({ code: OWNER_PROMOTION_NOT_ALLOWED, reason: "OWNER_PROMOTION_NOT_ALLOWED" });
    expect(await snapshot(cast, fixture.cid)).toEqual(before);
  });
});
