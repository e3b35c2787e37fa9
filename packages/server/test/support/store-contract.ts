// The whole store contract: one suite per interface of src/store/ (contracts/*.ts), each written
// once. An engine passes a factory for fresh stores and runs every suite unchanged.
import { accountsContract } from './contracts/accounts.js';
import { apiKeyStoreContract } from './contracts/api-key-store.js';
import { claimsContract } from './contracts/claims.js';
import type { OpenStore } from './contracts/fixtures.js';
import { lifecycleContract } from './contracts/lifecycle.js';
import { requestsContract } from './contracts/requests.js';
import { secretStoreContract } from './contracts/secret-store.js';
import { settingsStoreContract } from './contracts/settings-store.js';
import { transferContract } from './contracts/transfer.js';
import { webhookOutboxContract } from './contracts/webhook-outbox.js';

export type { StoreFixture } from './contracts/fixtures.js';

export function storeContract(engine: string, open: OpenStore): void {
  secretStoreContract(engine, open);
  claimsContract(engine, open);
  webhookOutboxContract(engine, open);
  apiKeyStoreContract(engine, open);
  settingsStoreContract(engine, open);
  lifecycleContract(engine, open);
  transferContract(engine, open);
  accountsContract(engine, open);
  requestsContract(engine, open);
}
