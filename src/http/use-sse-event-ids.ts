import type { ExecutionResult } from 'graphql';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import { deliveredSequence } from '../schema/change.ts';
import type { Context } from '../schema/context.ts';

/** Yoga's keep-alive comment interval: proxies close connections that stay silent for long. */
const pingIntervalMs = 12_000;

/**
 * The event's JSON as yoga writes it: errors without the extensions yoga keeps for itself (`http`,
 * and `unexpected` on masked errors).
 */
function eventData(result: ExecutionResult): string {
  if (!result.errors?.length) return JSON.stringify(result);
  const errors = result.errors.map((error) => {
    const { http: _http, unexpected: _unexpected, ...extensions } = error.extensions ?? {};
    return { ...error.toJSON(), extensions: Object.keys(extensions).length > 0 ? extensions : undefined };
  });
  return JSON.stringify({ ...result, errors });
}

/**
 * Writes subscriptions as Server-Sent Events the way yoga does (`event: next` with the result as
 * `data:`, then `event: complete`), adding an `id:` line with the change's `sequence` to every event.
 * A client reconnecting after a drop (EventSource does so by itself) sends it back as `Last-Event-ID`,
 * and `articleChanged` resumes after it. Yoga's own processor writes no ids and has no option to.
 */
function eventStream(
  result: AsyncIterable<ExecutionResult>,
  fetchAPI: { ReadableStream: typeof ReadableStream; Response: typeof Response },
  eventId: () => number | undefined,
): Response {
  const encoder = new TextEncoder();
  const iterator = result[Symbol.asyncIterator]();
  let ping: NodeJS.Timeout | undefined;
  const body = new fetchAPI.ReadableStream<Uint8Array>({
    start(controller) {
      // Some clients see no response until a first byte arrives.
      controller.enqueue(encoder.encode(':\n\n'));
      ping = setInterval(() => controller.enqueue(encoder.encode(':\n\n')), pingIntervalMs);
    },
    async pull(controller) {
      let next: IteratorResult<ExecutionResult>;
      try {
        next = await iterator.next();
      } catch (error) {
        // The stream fails (the client reconnects with Last-Event-ID); the ping must not write to it.
        clearInterval(ping);
        throw error;
      }
      const { done, value } = next;
      if (value !== undefined) {
        // The id the subscription's resolver recorded for exactly this result: next() produced it.
        const id = eventId();
        const idLine = id === undefined ? '' : `id: ${id}\n`;
        controller.enqueue(encoder.encode(`${idLine}event: next\ndata: ${eventData(value)}\n\n`));
      }
      if (done) {
        clearInterval(ping);
        controller.enqueue(encoder.encode('event: complete\ndata:\n\n'));
        controller.close();
      }
    },
    async cancel(reason) {
      clearInterval(ping);
      await iterator.return?.(reason);
    },
  });
  return new fetchAPI.Response(body, {
    status: 200,
    headers: {
      'content-type': 'text/event-stream',
      connection: 'keep-alive',
      'cache-control': 'no-cache',
      'content-encoding': 'none',
    },
  });
}

export function useSseEventIds(): Plugin<{ request: Request }> {
  const subscriptions = new WeakMap<Request, Context>();
  return {
    onSubscribe({ args }) {
      subscriptions.set(args.contextValue.request, args.contextValue as unknown as Context);
    },
    onResultProcess({ request, result, resultProcessor, setResultProcessor }) {
      const context = subscriptions.get(request);
      // Yoga has chosen a processor for a subscription's stream of results: with no @defer or @stream
      // in this schema, that is its SSE one (it sends streams as nothing else). Errors raised before the
      // stream starts come as a single result and keep yoga's.
      if (context === undefined || resultProcessor === undefined || !isAsyncIterable(result)) return;
      setResultProcessor(
        (stream, fetchAPI) =>
          eventStream(stream as AsyncIterable<ExecutionResult>, fetchAPI, () => deliveredSequence(context)),
        'text/event-stream',
      );
    },
  };
}
