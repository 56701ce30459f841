import net from "node:net";
import type { DomainEvent } from "@parley/core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createDatabase } from "./client.js";
import { createUnitOfWork, UnitOfWorkTimeoutError } from "./unit-of-work.js";
import { openTestDatabase, type OpenTestDatabase } from "./testing/index.js";
import * as f from "./testing/fixtures.js";

let t: OpenTestDatabase;
const published: DomainEvent[][] = [];
const publisher = { publish: async (events: readonly DomainEvent[]) => void published.push([...events]) };
const kicked = (clientId: string): DomainEvent => ({ type: "ClientKicked", appId: "app-1", clientId, reason: null, at: f.T0 });

beforeAll(async () => {
  t = await openTestDatabase({ max: 8 });
  await createUnitOfWork({ database: t }).run((tx) => tx.apps.insert(f.app()));
});
afterAll(() => t.dispose());
beforeEach(() => {
  published.length = 0;
});

describe("createUnitOfWork", () => {
  it("commits writes and publishes queued events once, after the commit", async () => {
    const uow = createUnitOfWork({ database: t, publisher });
    const conv = f.conversation("app-1");
    let seenBeforeCommit: number | undefined;
    await uow.run(async (tx) => {
      await tx.conversations.insert(conv);
      tx.emit([kicked("a")]);
      tx.emit([kicked("b")]);
      seenBeforeCommit = published.length;
    });
    expect(seenBeforeCommit).toBe(0);
    expect(published).toEqual([[kicked("a"), kicked("b")]]);
    expect(await uow.run((tx) => tx.conversations.get("app-1", conv.id))).not.toBeNull();
  });

  it("rolls back everything and drops events when the callback throws", async () => {
    const uow = createUnitOfWork({ database: t, publisher });
    const conv = f.conversation("app-1");
    const boom = new Error("boom");
    await expect(
      uow.run(async (tx) => {
        await tx.conversations.insert(conv);
        await tx.messages.insert(f.message(conv.id, { timestamp: f.T0 }));
        tx.emit([kicked("a")]);
        throw boom;
      }),
    ).rejects.toBe(boom);
    expect(published).toEqual([]);
    expect(await uow.run((tx) => tx.conversations.get("app-1", conv.id))).toBeNull();
  });

  it("drops deferred message writes of a failed run that never opened a transaction", async () => {
    const uow = createUnitOfWork({ database: t, publisher });
    const conv = f.conversation("app-1");
    await uow.run((tx) => tx.conversations.insert(conv));
    await expect(
      uow.run(async (tx) => {
        await tx.messages.insert(f.message(conv.id, { timestamp: f.T0 }));
        throw new Error("no");
      }),
    ).rejects.toThrow("no");
    expect(await uow.run((tx) => tx.messages.range({ conversationId: conv.id, take: "oldest", limit: 10 }))).toEqual([]);
  });

  it("nested runs are savepoints: a failing inner run loses its writes and events, the outer goes on", async () => {
    const uow = createUnitOfWork({ database: t, publisher });
    const kept = f.conversation("app-1");
    const lost = f.conversation("app-1");
    const lostMessage = f.message(kept.id, { timestamp: f.T0 + 1 });
    await uow.run(async (tx) => {
      await tx.conversations.insert(kept);
      tx.emit([kicked("outer")]);
      await expect(
        tx.unitOfWork.run(async (inner) => {
          await inner.conversations.insert(lost);
          await inner.messages.insert(lostMessage);
          inner.emit([kicked("inner")]);
          throw new Error("inner");
        }),
      ).rejects.toThrow("inner");
      await tx.unitOfWork.run(async (inner) => {
        inner.emit([kicked("inner-ok")]);
        await inner.members.insert([f.member(kept.id, "alice")]);
      });
    });
    expect(published).toEqual([[kicked("outer"), kicked("inner-ok")]]);
    const after = await uow.run(async (tx) => ({
      kept: await tx.conversations.get("app-1", kept.id),
      lost: await tx.conversations.get("app-1", lost.id),
      messages: await tx.messages.range({ conversationId: kept.id, take: "oldest", limit: 10 }),
    }));
    expect(after.kept?.memberCount).toBe(1);
    expect(after.lost).toBeNull();
    expect(after.messages).toEqual([]);
  });

  it("a nested run that starts the transaction gets a savepoint retroactively", async () => {
    const uow = createUnitOfWork({ database: t, publisher });
    const conv = f.conversation("app-1");
    await uow.run((tx) => tx.conversations.insert(conv));
    const outerMessage = f.message(conv.id, { timestamp: f.T0 + 10 });
    const innerMessage = f.message(conv.id, { timestamp: f.T0 + 11 });
    await uow.run(async (tx) => {
      await tx.messages.insert(outerMessage); // deferred
      await expect(
        tx.unitOfWork.run(async (inner) => {
          await inner.messages.insert(innerMessage); // deferred
          await inner.locks.acquire("x"); // opens the transaction: replays both, inner under a savepoint
          throw new Error("inner");
        }),
      ).rejects.toThrow("inner");
    });
    const rows = await uow.run((tx) => tx.messages.range({ conversationId: conv.id, take: "oldest", limit: 10 }));
    expect(rows).toEqual([outerMessage]);
  });

  it("reads inside a run see the run's own deferred writes", async () => {
    const uow = createUnitOfWork({ database: t });
    const conv = f.conversation("app-1");
    await uow.run((tx) => tx.conversations.insert(conv));
    const m = f.message(conv.id, { timestamp: f.T0 + 5 });
    const seen = await uow.run(async (tx) => {
      await tx.messages.insert(m);
      await tx.conversations.advanceLastMessage("app-1", conv.id, f.lastMessageOf(m));
      return { msg: await tx.messages.get(conv.id, m.id), conv: await tx.conversations.get("app-1", conv.id) };
    });
    expect(seen.msg).toEqual(m);
    expect(seen.conv?.lastMessage?.id).toBe(m.id);
  });

  it("refuses use of a transaction after its run finished", async () => {
    const uow = createUnitOfWork({ database: t });
    let leaked: Parameters<Parameters<typeof uow.run>[0]>[0] | undefined;
    await uow.run(async (tx) => {
      leaked = tx;
    });
    await expect(leaked!.apps.get("app-1")).rejects.toThrow("transaction already finished");
    expect(() => leaked!.emit([kicked("x")])).toThrow("transaction already finished");
  });

  it("a failing publish does not fail the committed run", async () => {
    const errors: unknown[] = [];
    const uow = createUnitOfWork({
      database: t,
      publisher: { publish: async () => Promise.reject(new Error("bus down")) },
      onPublishError: (e) => errors.push(e),
    });
    const conv = f.conversation("app-1");
    await uow.run(async (tx) => {
      await tx.conversations.insert(conv);
      tx.emit([kicked("a")]);
    });
    expect(errors).toHaveLength(1);
    expect(await uow.run((tx) => tx.conversations.get("app-1", conv.id))).not.toBeNull();
  });

  it("advisory locks serialise concurrent runs on the same key", async () => {
    const uow = createUnitOfWork({ database: t });
    const order: string[] = [];
    const critical = (name: string) =>
      uow.run(async (tx) => {
        await tx.locks.acquire("unique:app-1:k");
        order.push(`${name}:in`);
        await new Promise((r) => setTimeout(r, 50));
        order.push(`${name}:out`);
      });
    await Promise.all([critical("a"), critical("b")]);
    expect(order[1]).toBe(`${order[0]!.split(":")[0]}:out`);
  });
});

describe("group commit", () => {
  it("writes N concurrent sends in few transactions; every one durable, history in order", async () => {
    const uow = createUnitOfWork({ database: t, publisher, groupCommit: { maxConcurrentBatches: 2 } });
    const conv = f.conversation("app-1");
    await uow.run(async (tx) => {
      await tx.conversations.insert(conv);
      await tx.members.insert([f.member(conv.id, "alice")]);
    });
    const N = 400;
    const sent = Array.from({ length: N }, (_, i) =>
      f.message(conv.id, { timestamp: f.T0 + 1000 + Math.floor(i / 3), id: `m${String(i).padStart(4, "0")}` }),
    );
    const before = uow.stats();
    const acked: string[] = [];
    await Promise.all(
      sent.map((m) =>
        uow
          .run(async (tx) => {
            const member = await tx.members.get(conv.id, m.from); // a read, as the send path does
            expect(member).not.toBeNull();
            await tx.messages.insert(m);
            await tx.conversations.advanceLastMessage("app-1", conv.id, f.lastMessageOf(m));
            tx.emit([kicked(m.id)]);
          })
          .then(() => acked.push(m.id)),
      ),
    );
    const after = uow.stats();
    expect(acked).toHaveLength(N);
    expect(after.entries - before.entries).toBe(N);
    expect(after.batches - before.batches).toBeLessThan(N / 4);
    expect(published).toHaveLength(N);

    // Durable: read back through a fresh pool.
    const other = createUnitOfWork({ database: t });
    const history = await other.run((tx) => tx.messages.range({ conversationId: conv.id, take: "oldest", limit: 1000 }));
    expect(history).toEqual(sent);
    const c = await other.run((tx) => tx.conversations.get("app-1", conv.id));
    expect(c?.lastMessage?.id).toBe(sent[N - 1]!.id);
  });

  it("one bad entry fails alone", async () => {
    const uow = createUnitOfWork({ database: t });
    const conv = f.conversation("app-1");
    await uow.run((tx) => tx.conversations.insert(conv));
    const good = Array.from({ length: 20 }, (_, i) => f.message(conv.id, { timestamp: f.T0 + 5000 + i }));
    const orphan = f.message("no-such-conversation", { timestamp: f.T0 + 5000 });
    const results = await Promise.allSettled([...good, orphan].map((m) => uow.run((tx) => tx.messages.insert(m))));
    expect(results.slice(0, 20).every((r) => r.status === "fulfilled")).toBe(true);
    expect(results[20]?.status).toBe("rejected");
    const history = await uow.run((tx) => tx.messages.range({ conversationId: conv.id, take: "oldest", limit: 100 }));
    expect(history).toEqual(good);
  });

  it("can be turned off", async () => {
    const uow = createUnitOfWork({ database: t, groupCommit: false });
    const conv = f.conversation("app-1");
    await uow.run((tx) => tx.conversations.insert(conv));
    const msgs = Array.from({ length: 10 }, (_, i) => f.message(conv.id, { timestamp: f.T0 + i }));
    await Promise.all(msgs.map((m) => uow.run((tx) => tx.messages.insert(m))));
    expect(uow.stats().batches).toBe(0);
    expect(await uow.run((tx) => tx.messages.range({ conversationId: conv.id, take: "oldest", limit: 100 }))).toEqual(msgs);
  });
});

describe("the send path", () => {
  it("stays group-committed when it reads members after deferring the message (core's send)", async () => {
    const uow = createUnitOfWork({ database: t });
    const conv = f.conversation("app-1");
    await uow.run(async (tx) => {
      await tx.conversations.insert(conv);
      await tx.members.insert([f.member(conv.id, "alice"), f.member(conv.id, "bob")]);
    });
    const before = uow.stats();
    const msgs = Array.from({ length: 50 }, (_, i) => f.message(conv.id, { timestamp: f.T0 + 70_000 + i }));
    const recipients = await Promise.all(
      msgs.map((m) =>
        uow.run(async (tx) => {
          const app = await tx.apps.get("app-1");
          const c = await tx.conversations.get("app-1", conv.id);
          const sender = await tx.members.get(conv.id, m.from);
          await tx.moderation.getActiveSilences(conv.id, [m.from], new Date(m.timestamp));
          expect(app && c && sender).toBeTruthy();
          await tx.messages.insert(m);
          await tx.conversations.advanceLastMessage("app-1", conv.id, f.lastMessageOf(m));
          return tx.members.listIds(conv.id);
        }),
      ),
    );
    expect(recipients.every((r) => r.join() === "alice,bob")).toBe(true);
    expect(uow.stats().entries - before.entries).toBe(50);
  });
});

describe("deadlines", () => {
  const gate = () => {
    let open!: () => void;
    const opened = new Promise<void>((r) => (open = r));
    return { open, opened };
  };
  /** Holds a row lock on the conversation (the group commit's first statement waits for it) until released. */
  async function lockConversation(id: string): Promise<() => Promise<void>> {
    const held = gate();
    const locked = gate();
    const done = t.sql.begin(async (q) => {
      await q`select id from conversations where id = ${id} for update`;
      locked.open();
      await held.opened;
    });
    await locked.opened;
    return async () => {
      held.open();
      await done;
    };
  }
  const messagesOf = (uow: ReturnType<typeof createUnitOfWork>, cid: string) =>
    uow.run((tx) => tx.messages.range({ conversationId: cid, take: "oldest", limit: 100 }));

  it("an aborted run rejects with the reason at once, can no longer be used, and is rolled back", async () => {
    const uow = createUnitOfWork({ database: t, publisher });
    const conv = f.conversation("app-1");
    const controller = new AbortController();
    const reason = new Error("caller gave up");
    const stuck = gate();
    const lateUse = gate();
    let lateError: unknown;
    const running = uow.run(
      async (tx) => {
        await tx.conversations.insert(conv); // opens the transaction
        tx.emit([kicked("aborted")]);
        await stuck.opened; // e.g. waiting for a stopped server
        try {
          await tx.messages.insert(f.message(conv.id, { timestamp: f.T0 }));
        } catch (e) {
          lateError = e;
          throw e;
        } finally {
          lateUse.open();
        }
      },
      { signal: controller.signal },
    );
    await new Promise((r) => setTimeout(r, 20));
    controller.abort(reason);
    await expect(running).rejects.toBe(reason);
    stuck.open();
    await lateUse.opened;
    expect(lateError).toBe(reason);
    expect(published).toEqual([]);
    // Rolled back, and its connection is back in the pool (8 runs at once still get one each).
    await expect.poll(() => uow.run((tx) => tx.conversations.get("app-1", conv.id))).toBeNull();
    await Promise.all(Array.from({ length: 8 }, () => uow.run(async (tx) => tx.conversations.insert(f.conversation("app-1")))));
  });

  it("an already aborted signal runs nothing", async () => {
    const uow = createUnitOfWork({ database: t });
    let ran = false;
    await expect(uow.run(async () => void (ran = true), { signal: AbortSignal.abort(new Error("late")) })).rejects.toThrow("late");
    expect(ran).toBe(false);
  });

  it("deferred message writes of a run aborted before its commit never reach the group committer", async () => {
    const uow = createUnitOfWork({ database: t });
    const conv = f.conversation("app-1");
    await uow.run((tx) => tx.conversations.insert(conv));
    const controller = new AbortController();
    const stuck = gate();
    const running = uow.run(
      async (tx) => {
        await tx.messages.insert(f.message(conv.id, { timestamp: f.T0 + 1 })); // deferred, no transaction yet
        await stuck.opened;
      },
      { signal: controller.signal },
    );
    controller.abort(new Error("deadline"));
    await expect(running).rejects.toThrow("deadline");
    stuck.open();
    await uow.flush();
    expect(await messagesOf(uow, conv.id)).toEqual([]);
    expect(uow.stats().entries).toBe(0);
  });

  it("timeoutMs: a run that cannot reach its commit in time is rolled back (committed: false)", async () => {
    const uow = createUnitOfWork({ database: t, timeoutMs: 150 });
    const holder = createUnitOfWork({ database: t });
    const conv = f.conversation("app-1");
    const release = gate();
    const holding = holder.run(async (tx) => {
      await tx.locks.acquire("deadline:k");
      await release.opened;
    });
    await new Promise((r) => setTimeout(r, 20));
    const started = Date.now();
    const waiting = uow.run(async (tx) => {
      await tx.conversations.insert(conv);
      await tx.locks.acquire("deadline:k"); // waits for `holder`
      await tx.messages.insert(f.message(conv.id, { timestamp: f.T0 }));
    });
    const error = await waiting.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnitOfWorkTimeoutError);
    expect((error as UnitOfWorkTimeoutError).committed).toBe(false);
    expect(Date.now() - started).toBeLessThan(1000);
    release.open();
    await holding;
    await expect.poll(() => holder.run((tx) => tx.conversations.get("app-1", conv.id))).toBeNull();
    expect(await messagesOf(holder, conv.id)).toEqual([]);
  });

  it("an abort after the commit started changes nothing: the run reports the real outcome", async () => {
    const uow = createUnitOfWork({ database: t });
    const conv = f.conversation("app-1");
    await uow.run((tx) => tx.conversations.insert(conv));
    const unlock = await lockConversation(conv.id);
    const controller = new AbortController();
    const m = f.message(conv.id, { timestamp: f.T0 + 7 });
    const sending = uow.run((tx) => tx.messages.insert(m), { signal: controller.signal }); // group-committed, then waits for the lock
    await new Promise((r) => setTimeout(r, 100));
    controller.abort(new Error("too late"));
    await new Promise((r) => setTimeout(r, 50));
    await unlock();
    await expect(sending).resolves.toBeUndefined();
    expect(await messagesOf(uow, conv.id)).toEqual([m]);
  });

  it("commitTimeoutMs bounds the wait for a commit's outcome (committed: unknown); the commit may still land", async () => {
    const uow = createUnitOfWork({ database: t, commitTimeoutMs: 150 });
    const conv = f.conversation("app-1");
    await uow.run((tx) => tx.conversations.insert(conv));
    const unlock = await lockConversation(conv.id);
    const m = f.message(conv.id, { timestamp: f.T0 + 9 });
    const error = await uow.run((tx) => tx.messages.insert(m)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnitOfWorkTimeoutError);
    expect((error as UnitOfWorkTimeoutError).committed).toBe("unknown");
    await unlock();
    await uow.flush();
    expect(await messagesOf(uow, conv.id)).toEqual([m]);
  });
});

/** A TCP proxy in front of the test server that can stop forwarding (like a SIGSTOPped PostgreSQL: connections stay up, nothing is answered). */
async function freezableProxy(targetUrl: string) {
  const target = new URL(targetUrl);
  let frozen = false;
  const held: Array<() => void> = [];
  const sockets = new Set<net.Socket>();
  const forward = (from: net.Socket, to: net.Socket) =>
    from.on("data", (chunk: Buffer) => (frozen ? held.push(() => to.write(chunk)) : to.write(chunk)));
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port || 5432), target.hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on("error", () => undefined);
      s.on("close", () => {
        client.destroy();
        upstream.destroy();
      });
    }
    forward(client, upstream);
    forward(upstream, client);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = new URL(targetUrl);
  url.hostname = "127.0.0.1";
  url.port = String((server.address() as net.AddressInfo).port);
  return {
    url: url.toString(),
    freeze: () => void (frozen = true),
    thaw: () => {
      frozen = false;
      for (const write of held.splice(0)) write();
    },
    close: () => {
      for (const s of sockets) s.destroy();
      server.close();
    },
  };
}

describe("unavailableAfterMs", () => {
  it("fails waiting and new runs fast while PostgreSQL answers nothing; the first answer ends it", async () => {
    const proxy = await freezableProxy(t.url);
    const database = createDatabase({ url: proxy.url, max: 2 });
    const uow = createUnitOfWork({ database, unavailableAfterMs: 400 });
    try {
      await Promise.all([uow.run((tx) => tx.apps.get("app-1")), uow.run((tx) => tx.apps.get("app-1"))]); // both connections open
      proxy.freeze();
      const started = performance.now();
      const error = await uow.run((tx) => tx.apps.get("app-1")).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UnitOfWorkTimeoutError);
      expect((error as UnitOfWorkTimeoutError).committed).toBe(false);
      expect(performance.now() - started).toBeLessThan(2_000);

      const refusedAt = performance.now();
      await expect(uow.run((tx) => tx.apps.get("app-1"))).rejects.toBeInstanceOf(UnitOfWorkTimeoutError);
      expect(performance.now() - refusedAt).toBeLessThan(50);

      proxy.thaw();
      const thawedAt = performance.now();
      await expect
        .poll(() => uow.run((tx) => tx.apps.get("app-1")).then(() => "ok", (e: unknown) => String(e)), { timeout: 3_000, interval: 50 })
        .toBe("ok");
      expect(performance.now() - thawedAt).toBeLessThan(1_500);
    } finally {
      await database.close();
      proxy.close();
    }
  });

  it("does not trip on a slow but answering server (a long lock wait)", async () => {
    const uow = createUnitOfWork({ database: t, unavailableAfterMs: 300 });
    const release = (() => {
      let open!: () => void;
      const opened = new Promise<void>((r) => (open = r));
      return { open, opened };
    })();
    const holding = uow.run(async (tx) => {
      await tx.locks.acquire("slow:k");
      await release.opened;
    });
    await new Promise((r) => setTimeout(r, 20));
    const waiting = uow.run(async (tx) => {
      await tx.locks.acquire("slow:k");
      return "got it";
    });
    await new Promise((r) => setTimeout(r, 1_000));
    release.open();
    await holding;
    await expect(waiting).resolves.toBe("got it");
  });
});
