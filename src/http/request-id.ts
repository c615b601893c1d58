import { randomUUID } from 'node:crypto';

export const requestIdHeader = 'x-request-id';

const requestIds = new WeakMap<Request, string>();

/**
 * The request's id: the client's own `x-request-id` when it is a short printable token (it ends up in
 * logs), else a fresh one. The same for every caller (the GraphQL context, the response header, the
 * request log line), whichever asks first.
 */
export function requestIdOf(request: Request): string {
  let id = requestIds.get(request);
  if (id === undefined) {
    const given = request.headers.get(requestIdHeader);
    id = given !== null && /^[\w.:-]{1,128}$/.test(given) ? given : randomUUID();
    requestIds.set(request, id);
  }
  return id;
}
