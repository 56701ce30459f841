import { runAppRepositoryContract } from "./apps.contract.js";
import { runConversationRepositoryContract } from "./conversations.contract.js";
import { runMemberRepositoryContract } from "./members.contract.js";
import { runMessageRepositoryContract } from "./messages.contract.js";
import { runNotificationRepositoryContract } from "./notifications.contract.js";
import type { MakeContractHarness } from "./support.js";
import { runUnitOfWorkContract } from "./unit-of-work.contract.js";

export * from "./support.js";
export {
  runAppRepositoryContract,
  runConversationRepositoryContract,
  runMemberRepositoryContract,
  runMessageRepositoryContract,
  runNotificationRepositoryContract,
  runUnitOfWorkContract,
};

/** Every repository and unit-of-work contract, for one implementation. */
export function runAllContracts(make: MakeContractHarness): void {
  runUnitOfWorkContract(make);
  runAppRepositoryContract(make);
  runConversationRepositoryContract(make);
  runMemberRepositoryContract(make);
  runMessageRepositoryContract(make);
  runNotificationRepositoryContract(make);
}
