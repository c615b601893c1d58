import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/config.ts';
import { printSchemaDocument } from '../../src/schema/print.ts';

describe('schema.graphql', () => {
  it('is the schema the server serves (run `npm run schema` after changing it)', () => {
    expect(readFileSync(join(projectRoot, 'schema.graphql'), 'utf8')).toBe(printSchemaDocument());
  });
});
