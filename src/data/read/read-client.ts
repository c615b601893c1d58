import { Prisma, type PrismaClient } from '../../generated/prisma/client.ts';
import { type ReadExecutor, type RunStatement, UnsupportedQuery } from './executor.ts';
import { delegateName } from './model.ts';

/**
 * A PrismaClient for one request's reads: the model methods Pothos and the resolvers call
 * (`findMany`, `findUnique`, `findUniqueOrThrow`, `findFirst`, `count`, `groupBy`) run on the
 * request's snapshot through the read executor; a call outside the executor's subset goes to
 * Prisma (and is reported, so tests can insist there are none); everything else is Prisma's.
 */
export type FallbackReport = (model: string, method: string, reason: string) => void;

type Method = (args?: Record<string, unknown>) => Promise<unknown>;

const readMethods = ['findMany', 'findUnique', 'findUniqueOrThrow', 'findFirst', 'count', 'groupBy'] as const;
type ReadMethod = (typeof readMethods)[number];

function notFound(model: string): Prisma.PrismaClientKnownRequestError {
  return new Prisma.PrismaClientKnownRequestError(`No ${model} found`, {
    code: 'P2025',
    clientVersion: Prisma.prismaVersion.client,
  });
}

function executorMethod(
  executor: ReadExecutor,
  model: string,
  method: ReadMethod,
  run: RunStatement,
): (args: Record<string, unknown>) => Promise<unknown> {
  switch (method) {
    case 'findMany':
      return (args) => executor.findMany(model, args, run);
    case 'findUnique':
    case 'findFirst':
      return (args) => executor.findUnique(model, args, run);
    case 'findUniqueOrThrow':
      return async (args) => (await executor.findUnique(model, args, run)) ?? Promise.reject(notFound(model));
    case 'count':
      return (args) => executor.count(model, args, run);
    case 'groupBy':
      return (args) => executor.groupBy(model, args, run);
  }
}

export function createReadClient(
  prisma: PrismaClient,
  executor: ReadExecutor,
  models: readonly string[],
  run: RunStatement,
  onFallback: FallbackReport,
): PrismaClient {
  const delegates = new Map<string, Record<string, Method>>();
  const byDelegateName = new Map(models.map((model) => [delegateName(model), model]));
  const delegateFor = (name: string, model: string): Record<string, Method> => {
    const prismaDelegate = (prisma as unknown as Record<string, Record<string, Method>>)[name] as Record<
      string,
      Method
    >;
    const delegate: Record<string, Method> = {};
    for (const method of readMethods) {
      const viaExecutor = executorMethod(executor, model, method, run);
      delegate[method] = async (args = {}) => {
        try {
          return await viaExecutor(args);
        } catch (error) {
          if (!(error instanceof UnsupportedQuery)) throw error;
          onFallback(model, method, error.message);
          return (prismaDelegate[method] as Method).call(prismaDelegate, args);
        }
      };
    }
    return delegate;
  };
  return new Proxy(prisma, {
    get(target, property, receiver) {
      const model = typeof property === 'string' ? byDelegateName.get(property) : undefined;
      if (model === undefined || typeof property !== 'string') return Reflect.get(target, property, receiver);
      let delegate = delegates.get(property);
      if (!delegate) {
        delegate = delegateFor(property, model);
        delegates.set(property, delegate);
      }
      return delegate;
    },
  });
}
