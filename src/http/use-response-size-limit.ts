import { type ExecutionResult, GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/** 10 MiB: about 1,000 article bodies, far beyond any page a reader or a CMS asks for. */
export const defaultMaxResponseBytes = 10 * 1024 * 1024;

/** The refusal of a response over the limit, whether estimated before execution or measured after. */
export function responseTooLarge(maxBytes: number, how: 'estimated' | 'measured'): GraphQLError {
  const size = describeBytes(maxBytes);
  const message =
    how === 'estimated'
      ? `Response would be larger than ${size} (estimated from page sizes and body fields); ask for smaller pages or fewer body fields`
      : `Response larger than ${size}; ask for smaller pages or fewer body fields`;
  return new GraphQLError(message, { extensions: { code: 'RESPONSE_TOO_LARGE', maxBytes } });
}

function describeBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MiB`;
  return bytes >= 1024 ? `${Math.round(bytes / 1024)} KiB` : `${bytes} bytes`;
}

/** The result with its JSON attached: yoga's result processor calls `stringify` rather than serializing again. */
function withSerialization(result: ExecutionResult, json: string): ExecutionResult {
  return Object.defineProperty({ ...result }, 'stringify', { value: () => json, enumerable: false });
}

function byteLengthOver(json: string, maxBytes: number): boolean {
  // UTF-8 takes 1 to 3 bytes per UTF-16 unit: the exact count only when the length cannot decide.
  if (json.length > maxBytes) return true;
  return json.length * 3 > maxBytes && Buffer.byteLength(json) > maxBytes;
}

/**
 * The backstop of the estimate in use-query-limits.ts, which works from typical sizes: a result whose
 * JSON is over `maxBytes` is replaced by a `RESPONSE_TOO_LARGE` error rather than sent. It has been
 * built by then; the estimate is what keeps that rare. Before the response cache, so that the cache
 * sees the refusal (never stored) rather than the result. Event streams are left alone: each event is
 * one change.
 */
export function useResponseSizeLimit(maxBytes: number = defaultMaxResponseBytes): Plugin {
  return {
    onExecutionResult({ result, setResult }) {
      if (!result || Array.isArray(result) || Symbol.asyncIterator in result) return;
      const json = JSON.stringify(result);
      if (byteLengthOver(json, maxBytes)) setResult({ errors: [responseTooLarge(maxBytes, 'measured')] });
      // Only an answer without errors keeps this JSON: yoga strips its internal extensions (`http`) from errors as it serializes.
      else if (result.errors === undefined) setResult(withSerialization(result as ExecutionResult, json));
    },
  };
}
