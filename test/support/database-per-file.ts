import { randomUUID } from 'node:crypto';
import { copyFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { inject } from 'vitest';

// Runs before the test file imports anything from src/, so src/config.ts sees this file's own database.
const templateDatabase = inject('templateDatabase');
const database = join(dirname(templateDatabase), `${randomUUID()}.db`);
copyFileSync(templateDatabase, database);
process.env.DATABASE_URL = `file:${database}`;
