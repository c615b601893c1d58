import { type DestinationStream, type Logger, pino } from 'pino';
import type { Config } from './config.ts';

export type { Logger };

/**
 * A JSON-lines logger at `level`, writing to stdout unless given another destination (tests capture
 * lines through one). Levels and times are written as words (`"level":"info"`, ISO-8601 UTC) so a
 * line reads without pino's tooling. Passed down to whoever logs, never a module singleton: tests build
 * many apps in one process.
 *
 * Stdout is written synchronously (what `pino.destination()` defaults to, not bare `pino()`): with
 * pino's asynchronous default, the exit flush wrote the last lines while an earlier one was still in
 * the thread pool, so a request line could land after `stopped`, or be lost.
 */
export function createLogger({ level }: Pick<Config['log'], 'level'>, destination?: DestinationStream): Logger {
  return pino(
    { level, timestamp: pino.stdTimeFunctions.isoTime, formatters: { level: (label) => ({ level: label }) } },
    destination ?? pino.destination({ dest: 1, sync: true }),
  );
}
