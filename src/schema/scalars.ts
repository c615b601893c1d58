import { Kind } from 'graphql';
import { builder } from './builder.ts';
import { badInput } from './errors.ts';

const isoDateTime = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2}))?$/;

function parseDateTime(value: unknown): Date {
  if (typeof value !== 'string' || !isoDateTime.test(value)) {
    throw badInput(
      `DateTime must be an ISO-8601 string such as "2024-08-13" or "2024-08-13T00:51:28Z", got ${JSON.stringify(value)?.slice(0, 60)}`,
    );
  }
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) {
    throw badInput(`DateTime ${JSON.stringify(value)} is not a valid date`);
  }
  return date;
}

builder.scalarType('DateTime', {
  description: 'An ISO-8601 instant in UTC, e.g. "2024-08-13T00:51:28.000Z". Inputs may give a date or an offset.',
  serialize: (value) => value.toISOString(),
  parseValue: parseDateTime,
  parseLiteral: (node) => parseDateTime(node.kind === Kind.STRING ? node.value : undefined),
});
