import { createInMemoryStore } from "../memory/state.js";
import { createInMemoryUnitOfWork } from "../memory/unit-of-work.js";
import { runAllContracts } from "./index.js";

// The in-memory fakes must pass the same suites as the PostgreSQL implementation.
runAllContracts(async (publisher) => ({ uow: createInMemoryUnitOfWork(createInMemoryStore(), publisher) }));
