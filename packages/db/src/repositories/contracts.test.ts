import { runAllContracts } from "@parley/core/testing";
import { createUnitOfWork } from "../unit-of-work.js";
import { openTestDatabase } from "../testing/index.js";

// Core's contract suites, against PostgreSQL: every suite gets its own database.
runAllContracts(async (publisher) => {
  const database = await openTestDatabase({ max: 6 });
  const uow = createUnitOfWork({ database, publisher, onPublishError: () => {} });
  return {
    uow,
    close: async () => {
      await uow.flush();
      await database.dispose();
    },
  };
});
