import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { DomainEvent } from "../../events.js";
import { appOf, recordingPublisher, type ContractHarness, type MakeContractHarness } from "./support.js";

const kicked = (appId: string, clientId: string): DomainEvent => ({ type: "ClientKicked", appId, clientId, reason: null, at: 1 });

/** Transactions, nesting (savepoints) and publish-after-outermost-commit. */
export function runUnitOfWorkContract(make: MakeContractHarness): void {
  describe("UnitOfWork contract", () => {
    const publisher = recordingPublisher();
    let h: ContractHarness;
    beforeAll(async () => {
      h = await make(publisher);
    });
    afterAll(async () => {
      await h.close?.();
    });
    beforeEach(() => {
      publisher.batches.length = 0;
      publisher.fail = false;
    });

    it("commits, then publishes the queued events once, in order, after the callback", async () => {
      const app = appOf();
      const result = await h.uow.run(async (tx) => {
        await tx.apps.insert(app);
        tx.emit([kicked(app.id, "a")]);
        tx.emit([kicked(app.id, "b"), kicked(app.id, "c")]);
        expect(publisher.batches).toHaveLength(0);
        return 42;
      });
      expect(result).toBe(42);
      expect(publisher.batches).toHaveLength(1);
      expect(publisher.batches[0]!.map((e) => (e.type === "ClientKicked" ? e.clientId : ""))).toEqual(["a", "b", "c"]);
      expect(await h.uow.run((tx) => tx.apps.get(app.id))).toEqual(app);
    });

    it("does not publish when nothing was queued", async () => {
      await h.uow.run(async (tx) => tx.apps.get("nope"));
      expect(publisher.batches).toHaveLength(0);
    });

    it("rolls back everything and publishes nothing when the callback throws, rethrowing the same error", async () => {
      const app = appOf();
      const boom = new Error("boom");
      await expect(
        h.uow.run(async (tx) => {
          await tx.apps.insert(app);
          tx.emit([kicked(app.id, "a")]);
          throw boom;
        }),
      ).rejects.toBe(boom);
      expect(publisher.batches).toHaveLength(0);
      expect(await h.uow.run((tx) => tx.apps.get(app.id))).toBeNull();
    });

    it("nested runs join the outer transaction and publish only after the outermost commit", async () => {
      const outerApp = appOf();
      const innerApp = appOf();
      await h.uow.run(async (tx) => {
        await tx.apps.insert(outerApp);
        tx.emit([kicked(outerApp.id, "outer-1")]);
        const seen = await tx.unitOfWork.run(async (inner) => {
          await inner.apps.insert(innerApp);
          inner.emit([kicked(innerApp.id, "inner")]);
          return inner.apps.get(outerApp.id);
        });
        expect(seen?.id).toBe(outerApp.id);
        expect(publisher.batches).toHaveLength(0);
        expect((await tx.apps.get(innerApp.id))?.id).toBe(innerApp.id);
        tx.emit([kicked(outerApp.id, "outer-2")]);
      });
      expect(publisher.batches).toHaveLength(1);
      expect(publisher.batches[0]!.map((e) => (e.type === "ClientKicked" ? e.clientId : ""))).toEqual(["outer-1", "inner", "outer-2"]);
    });

    it("a failing nested run is a savepoint: its writes and events are dropped, the outer one goes on", async () => {
      const outerApp = appOf();
      const innerApp = appOf();
      await h.uow.run(async (tx) => {
        await tx.apps.insert(outerApp);
        tx.emit([kicked(outerApp.id, "outer")]);
        await expect(
          tx.unitOfWork.run(async (inner) => {
            await inner.apps.insert(innerApp);
            inner.emit([kicked(innerApp.id, "inner")]);
            throw new Error("inner failed");
          }),
        ).rejects.toThrow("inner failed");
        expect(await tx.apps.get(innerApp.id)).toBeNull();
      });
      expect(await h.uow.run((tx) => tx.apps.get(innerApp.id))).toBeNull();
      expect((await h.uow.run((tx) => tx.apps.get(outerApp.id)))?.id).toBe(outerApp.id);
      expect(publisher.batches.flat().map((e) => (e.type === "ClientKicked" ? e.clientId : ""))).toEqual(["outer"]);
    });

    it("an outer failure rolls back a nested run that succeeded", async () => {
      const innerApp = appOf();
      await expect(
        h.uow.run(async (tx) => {
          await tx.unitOfWork.run(async (inner) => {
            await inner.apps.insert(innerApp);
            inner.emit([kicked(innerApp.id, "inner")]);
          });
          throw new Error("outer failed");
        }),
      ).rejects.toThrow("outer failed");
      expect(await h.uow.run((tx) => tx.apps.get(innerApp.id))).toBeNull();
      expect(publisher.batches).toHaveLength(0);
    });

    it("a publish failure does not fail the committed run", async () => {
      const app = appOf();
      publisher.fail = true;
      await expect(
        h.uow.run(async (tx) => {
          await tx.apps.insert(app);
          tx.emit([kicked(app.id, "a")]);
          return "done";
        }),
      ).resolves.toBe("done");
      publisher.fail = false;
      expect((await h.uow.run((tx) => tx.apps.get(app.id)))?.id).toBe(app.id);
    });

    it("locks can be taken and are released at the end of the transaction", async () => {
      const key = `contract:${appOf().id}`;
      await h.uow.run(async (tx) => {
        await tx.locks.acquire(key);
        await tx.locks.acquire(key); // re-entrant within one transaction
      });
      await h.uow.run((tx) => tx.locks.acquire(key));
    });
  });
}
