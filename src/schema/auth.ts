import { GraphQLError } from 'graphql';
import type { Viewer } from './context.ts';

/** Bearer tokens are the only credentials; RFC 6750 asks a 401 to say so. */
const bearerChallenge = { 'WWW-Authenticate': 'Bearer' };

/** No usable credentials: HTTP 401 (yoga sends `extensions.http` as the status and headers, not in the body). */
export function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: 'UNAUTHENTICATED', http: { status: 401, headers: bearerChallenge } },
  });
}

/** Throws unless the viewer holds a token with `scope`: 401 without a token, 403 with one that lacks it. */
export function requireScope(viewer: Viewer, scope: string): void {
  if (viewer.kind === 'anonymous') {
    throw unauthenticated(
      `This operation needs a bearer token with the "${scope}" scope (Authorization: Bearer <token>)`,
    );
  }
  if (!viewer.scopes.includes(scope)) {
    throw new GraphQLError(`The token "${viewer.name}" lacks the "${scope}" scope`, {
      extensions: { code: 'FORBIDDEN', http: { status: 403 } },
    });
  }
}
