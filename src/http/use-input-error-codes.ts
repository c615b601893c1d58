import { PothosValidationError } from '@pothos/core';
import type { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { rewriteResultErrors, rewrittenError } from './result-errors.ts';

/** The client's mistake, as Pothos reports it: coded like every other input error of this API. */
function coded(error: GraphQLError): GraphQLError {
  if (!(error.originalError instanceof PothosValidationError) || error.extensions.code !== undefined) return error;
  return rewrittenError(error, { extensions: { ...error.extensions, code: 'BAD_USER_INPUT' } });
}

/**
 * Pothos's relay and Prisma plugins refuse bad connection arguments (`first: -1`, `before` with
 * `first`, a cursor they cannot decode) with a PothosValidationError, which carries no
 * `extensions.code`: clients could not tell it from a failure of ours. Runs before yoga's masking,
 * which passes GraphQL errors through unchanged.
 */
export function useInputErrorCodes(): Plugin {
  return rewriteResultErrors(coded);
}
