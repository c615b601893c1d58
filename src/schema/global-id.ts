import { badInput } from './errors.ts';

const nodeTypes = new Set(['Article', 'Author']);

function invalidId(globalId: string, why: string) {
  return badInput(`Invalid ID "${globalId.slice(0, 100)}": ${why}`);
}

/** Decodes the relay plugin's `base64("Type:id")` ids, refusing anything this API never issued. */
export function decodeNodeId(globalId: string): { typename: string; id: string } {
  const decoded = Buffer.from(globalId, 'base64').toString('utf8');
  const separator = decoded.indexOf(':');
  const typename = decoded.slice(0, separator);
  const id = decoded.slice(separator + 1);
  if (separator < 1 || !/^[1-9]\d{0,15}$/.test(id) || Buffer.from(decoded).toString('base64') !== globalId) {
    throw invalidId(globalId, 'not an ID issued by this API');
  }
  if (!nodeTypes.has(typename)) throw invalidId(globalId, `there are no ${typename} nodes`);
  return { typename, id };
}

function isRecordNotFound(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'P2025';
}

/** `node(id:)` answers null for a well-formed id of a record that does not exist (Pothos would throw). */
export async function resolveNodeOrNull<Id>(
  _root: unknown,
  args: { id: Id },
  _context: unknown,
  _info: unknown,
  resolveNode: (id: Id) => unknown,
): Promise<unknown> {
  try {
    return await resolveNode(args.id);
  } catch (error) {
    if (isRecordNotFound(error)) return null;
    throw error;
  }
}
