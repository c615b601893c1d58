import { type DestinationStream, type Logger, pino } from 'pino';
import type { Config } from './config.ts';

export type { Logger };

/**
 * A JSON-lines logger at `level`, writing to stdout unless given another destination (tests capture
 * lines through one). Levels and times are written as words (`"level":"info"`, ISO-8601 UTC) so a
 * line reads without pino's tooling. Passed down to whoever logs, never a module singleton: tests build
 * many apps in one process.
 */
export function createLogger({ level }: Pick<Config['log'], 'level'>, destination?: DestinationStream): Logger {
  return pino(
    { level, timestamp: pino.stdTimeFunctions.isoTime, formatters: { level: (label) => ({ level: label }) } },
    destination,
  );
}
