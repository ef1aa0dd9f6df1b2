import { ConsoleLogger, LogLevel, type Logger } from '@slack/logger';

export type { Logger };

const levels = { debug: LogLevel.DEBUG, info: LogLevel.INFO, warn: LogLevel.WARN, error: LogLevel.ERROR } as const;

export function createLogger(level: keyof typeof levels, name = 'delegate'): Logger {
  const logger = new ConsoleLogger();
  logger.setLevel(levels[level]);
  logger.setName(name);
  return logger;
}
