import type { Plugin } from 'graphql-yoga';

/**
 * Refuses request bodies over `maxBytes` (a number, or one per request) with 413 before parsing them:
 * by the declared Content-Length when there is one, else by counting the bytes as they arrive.
 */
export function useRequestBodyLimit(maxBytes: number | ((request: Request) => number)): Plugin {
  const limitOf = typeof maxBytes === 'number' ? () => maxBytes : maxBytes;
  const tooLarge = (Response: typeof globalThis.Response, limit: number) =>
    // The unread rest of the body makes the connection unusable for another request.
    new Response(`Request body larger than ${describeBytes(limit)}`, {
      status: 413,
      headers: { 'content-type': 'text/plain; charset=utf-8', connection: 'close' },
    });
  return {
    onRequest({ request, endResponse, fetchAPI }) {
      const declared = request.headers.get('content-length');
      const limit = limitOf(request);
      if (declared !== null && Number(declared) > limit) endResponse(tooLarge(fetchAPI.Response, limit));
    },
    onRequestParse({ request, requestParser, setRequestParser, fetchAPI }) {
      if (!requestParser || request.body === null || request.headers.has('content-length')) return;
      const limit = limitOf(request);
      setRequestParser(async (unread) => {
        const body = await readAtMost(unread, limit);
        if (body === null) return tooLarge(fetchAPI.Response, limit);
        return requestParser(
          new fetchAPI.Request(unread.url, {
            method: unread.method,
            headers: unread.headers,
            body: new Uint8Array(body),
          }),
        );
      });
    },
  };
}

/** The whole body, or null as soon as it passes `maxBytes`. */
async function readAtMost(request: Request, maxBytes: number): Promise<Buffer | null> {
  if (request.body === null) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return Buffer.concat(chunks);
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
}

function describeBytes(bytes: number): string {
  return bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MiB` : `${Math.round(bytes / 1024)} KiB`;
}
