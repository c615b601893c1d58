/**
 * Every script the harness runs in a child process, relative to the project root (the children's
 * working directory), in one place so that a moved or renamed file is fixed here and nowhere else.
 */

/** The API's entry point; the report names it too, so that the numbers say what was measured. */
export const apiServerScript = 'src/cli/serve.ts';
export const ingestScript = 'src/cli/ingest.ts';

export const parseOnlyScript = 'bench/scripts/parse-only.ts';
export const loadScript = 'bench/scripts/load.ts';
export const staticBaselineScript = 'bench/scripts/baseline-http.ts';
export const sqliteBaselineScript = 'bench/scripts/baseline-sqlite.ts';
export const postgresBaselineScript = 'bench/scripts/baseline-postgres.ts';
/** Preloaded with `node --import` rather than run, when GNU time is missing. */
export const maxRssReporterScript = 'bench/scripts/report-max-rss.ts';
