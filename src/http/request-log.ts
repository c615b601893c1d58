import type { Logger } from '../log.ts';
import type { OutcomeReporter } from './use-request-outcome.ts';

/** Writes one line per finished request: `error` level for a 5xx status, `info` otherwise. */
export function requestLog(logger: Logger): OutcomeReporter {
  return ({ requestId, method, path, status, durationMs, graphql }) => {
    const line = {
      requestId,
      method,
      path,
      operationName: graphql?.operationName ?? null,
      status,
      durationMs: Math.round(durationMs * 100) / 100,
      errorCodes: graphql?.errorCodes ?? [],
    };
    if (status >= 500) logger.error(line, 'request');
    else logger.info(line, 'request');
  };
}
