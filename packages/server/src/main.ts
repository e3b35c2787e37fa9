// The server process: reads the environment, opens the store, wires the services, builds the
// app, listens, sweeps, and on SIGTERM or SIGINT drains in-flight requests and closes the store.
import { buildApp } from './app.js';
import type { Config } from './config.js';
import { createServices, type Services } from './services.js';
import { openStore } from './store/open-store.js';
import type { Store } from './store/store.js';
import { startSummary } from './start-summary.js';
import { startSweeper } from './sweeper.js';

/** `store` replaces the one the configuration names (benchmarks compare store settings with it). */
export async function serve(config: Config, options: { store?: Store } = {}): Promise<void> {
  const store = options.store ?? await openStore(config);
  let services: Services;
  let app;
  try {
    services = await createServices(config, { store });
    app = await buildApp(config, services);
  } catch (error) {
    await store.close(); // release the database (and its pool) so the process can exit with the error
    throw error;
  }
  const { log, service, requests, accounts, webhooks } = services;
  const sweeper = startSweeper(service, {
    intervalMs: config.sweepIntervalSeconds * 1000, log,
    housekeeping: async () => (await accounts.sweep()) + (await requests.sweepBatch(1000)),
  });

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    log.info({ signal }, 'shutting down: draining requests');
    try {
      await sweeper.stop();
      await webhooks.stop(); // lets in-flight deliveries finish; queued ones wait in the store
      await app.close(); // stops accepting, waits for in-flight requests, then closes the store
      process.exit(0);
    } catch (error) {
      log.error({ err: { message: (error as Error).message } }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));

  const address = await app.listen({ host: config.host, port: config.port });
  webhooks.start();
  log.info({ engine: store.engine, dataDir: config.dataDir }, `Zephr listening on ${address}`);
  log.info(`\n${startSummary(config, store.engine)}`);
}
