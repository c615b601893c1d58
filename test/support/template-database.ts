import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { migrateDatabase } from '../../src/data/migrate.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    templateDatabase: string;
  }
}

/** Migrates one template database per run; each test file then works on its own copy. */
export default function setup(project: TestProject) {
  const directory = mkdtempSync(join(tmpdir(), 'news-archive-test-'));
  const templateDatabase = join(directory, 'template.db');
  migrateDatabase(`file:${templateDatabase}`);
  project.provide('templateDatabase', templateDatabase);
  return () => rmSync(directory, { recursive: true, force: true });
}
