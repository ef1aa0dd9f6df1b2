import { loadDatabaseConfig } from '../config/env';
import { createLogger } from '../logger';
import { openDatabase } from './database';
import { runMigrations } from './migrate';

const config = loadDatabaseConfig();
const logger = createLogger(config.logLevel);
const database = await openDatabase(config.database, logger);
await runMigrations(database);
logger.info('Migrations applied.');
await database.close();
