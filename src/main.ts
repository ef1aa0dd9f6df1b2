import { loadConfig } from './config/env';
import { startDelegate } from './app';
import { isAppError } from './errors/app-error';
import { createLogger } from './logger';

let config;
try {
  config = loadConfig();
} catch (error) {
  console.error(isAppError(error) ? error.message : error);
  process.exit(1);
}

const logger = createLogger(config.logLevel);
const delegate = await startDelegate(config, logger).catch((error: unknown) => {
  logger.error(`Delegate could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

// Agenda keeps timers alive after stop(), so exit explicitly once shut down.
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal}: shutting down.`);
    delegate.stop().finally(() => process.exit(0));
  });
}
