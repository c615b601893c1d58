import type { Database, RequestDatabase } from '../../src/data/database.ts';
import { db } from './database.ts';

/** The database, remembering every request view it hands out: their statement counts say whether SQL ran. */
export function countingDatabase(): { database: Database; statements: () => number } {
  const views: RequestDatabase[] = [];
  const database: Database = {
    ...db,
    forRequest: () => {
      const view = db.forRequest();
      views.push(view);
      return view;
    },
  };
  return { database, statements: () => views.reduce((sum, view) => sum + view.statementCount(), 0) };
}
