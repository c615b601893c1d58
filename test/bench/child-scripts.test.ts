import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as childScripts from '../../bench/lib/child-scripts.ts';
import { projectRoot } from '../../bench/lib/processes.ts';

describe('the scripts the harness runs as children', () => {
  it('are resolved from the project root', () => {
    expect(projectRoot).toBe(fileURLToPath(new URL('../../', import.meta.url)));
  });

  // A moved or renamed script would otherwise only show when a run reaches it, minutes in.
  it.each(Object.entries(childScripts))('%s (%s) exists', (_, script) => {
    expect(existsSync(join(projectRoot, script))).toBe(true);
  });
});
