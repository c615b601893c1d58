import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * prisma/schema.prisma is the one source of the model. PostgreSQL needs a schema file of its own
 * (a Prisma schema names one provider), so this derives it: same models, the `postgresql` provider,
 * its client generated next to the SQLite one, no second Pothos type file (the model is the same).
 * `npm run generate` runs it; test/data/postgres-schema.test.ts fails when the committed copy drifts.
 */

const root = new URL('../', import.meta.url);
export const sqliteSchemaPath = fileURLToPath(new URL('prisma/schema.prisma', root));
export const postgresSchemaPath = fileURLToPath(new URL('prisma/postgres/schema.prisma', root));

const header = `// GENERATED from prisma/schema.prisma by scripts/postgres-schema.ts (npm run generate): edit that file.
`;

function replaceBlock(schema: string, opening: RegExp, replacement: string): string {
  const match = opening.exec(schema);
  if (!match) throw new Error(`prisma/schema.prisma has no block matching ${opening}`);
  const end = schema.indexOf('}', match.index);
  return `${schema.slice(0, match.index)}${replacement}${schema.slice(end + 1)}`;
}

export function postgresSchema(sqliteSchema: string): string {
  let schema = sqliteSchema.replace(/^\/\/ Generated clients.*\n/m, '');
  schema = replaceBlock(
    schema,
    /^generator client \{/m,
    `generator client {
  provider     = "prisma-client"
  output       = "../../src/generated/prisma-postgres"
  engineType   = "client"
  moduleFormat = "esm"
}`,
  );
  schema = replaceBlock(schema, /^(\/\/.*\n)*generator pothos \{/m, '').replace(/\n{3,}/g, '\n\n');
  schema = replaceBlock(
    schema,
    /^(\/\/.*\n)*datasource db \{/m,
    `// The runtime connects through @prisma/adapter-pg with DATABASE_URL; this literal keeps generate offline.
datasource db {
  provider = "postgresql"
  url      = "postgresql://localhost:5432/news_archive"
}`,
  );
  return header + schema;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(postgresSchemaPath, postgresSchema(readFileSync(sqliteSchemaPath, 'utf8')));
}
