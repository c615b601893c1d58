import { Kind, print, type ValueNode } from 'graphql';
import { isStorableInstant } from '../archive/cursor.ts';
import { builder } from './builder.ts';
import { badInput } from './errors.ts';

const isoDateTime = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2}))?$/;

/**
 * `node` is the literal when the value is written in the document: graphql-js reports a scalar's own
 * error as it is thrown, so the error carries its location only if it is given the node here.
 */
function parseDateTime(value: unknown, node?: ValueNode): Date {
  if (typeof value !== 'string' || !isoDateTime.test(value)) {
    const given = node ? print(node) : JSON.stringify(value);
    throw badInput(
      `DateTime must be an ISO-8601 string such as "2024-08-13" or "2024-08-13T00:51:28Z", got ${given?.slice(0, 60)}`,
      node,
    );
  }
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) {
    throw badInput(`DateTime ${JSON.stringify(value)} is not a valid date`, node);
  }
  // The pattern admits offsets and digits that carry a date past year 9999, which no query can use.
  if (!isStorableInstant(date)) {
    throw badInput(`DateTime ${JSON.stringify(value)} is outside the years 0001 to 9999 (UTC)`, node);
  }
  return date;
}

builder.scalarType('DateTime', {
  description:
    'An instant as an ISO-8601 string, served in UTC with milliseconds ("2024-08-13T00:51:28.000Z"). Inputs may be a date ("2024-08-13": 00:00 UTC) or a date and time with "Z" or an offset ("2024-08-13T08:51:28+08:00").',
  serialize: (value) => value.toISOString(),
  parseValue: parseDateTime,
  parseLiteral: (node) => parseDateTime(node.kind === Kind.STRING ? node.value : undefined, node),
});
