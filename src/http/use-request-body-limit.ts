import type { Plugin } from 'graphql-yoga';

/**
 * Refuses request bodies over `maxBytes` with 413 before parsing them: by the declared Content-Length
 * when there is one, else by counting the bytes as they arrive.
 */
export function useRequestBodyLimit(maxBytes: number): Plugin {
  const refusal = `Request body larger than ${describeBytes(maxBytes)}`;
  const tooLarge = (Response: typeof globalThis.Response) =>
    // The unread rest of the body makes the connection unusable for another request.
    new Response(refusal, {
      status: 413,
      headers: { 'content-type': 'text/plain; charset=utf-8', connection: 'close' },
    });
  return {
    onRequest({ request, endResponse, fetchAPI }) {
      const declared = request.headers.get('content-length');
      if (declared !== null && Number(declared) > maxBytes) endResponse(tooLarge(fetchAPI.Response));
    },
    onRequestParse({ request, requestParser, setRequestParser, fetchAPI }) {
      if (!requestParser || request.body === null || request.headers.has('content-length')) return;
      setRequestParser(async (unread) => {
        const body = await readAtMost(unread, maxBytes);
        if (body === null) return tooLarge(fetchAPI.Response);
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
