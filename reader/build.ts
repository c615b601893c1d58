/**
 * Builds the reader (reader/src) into reader/dist, which the server serves at / (src/http/use-reader.ts):
 * esbuild bundles the scripts and styles into files named after a hash of their content, and the page
 * that loads them is written beside them.
 *
 * `npm run generate` (and so `npm install`) runs it after graphql-codegen. `npm start` runs it with
 * `--if-stale`: nothing happens when no input changed since the last build; otherwise the reader's
 * typed documents are generated again first, as its operations or the schema may be what changed.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import codegenConfig from '../codegen.ts';

const readerDirectory = dirname(fileURLToPath(import.meta.url));
const projectRoot = dirname(readerDirectory);
const outputDirectory = join(readerDirectory, 'dist');
/** Where the page loads the bundle from: src/http/use-reader.ts serves reader/dist/assets there. */
const publicPath = '/reader/';
/** A hash of the inputs the build in reader/dist was made from. */
const stampFile = join(outputDirectory, 'inputs.sha256');
const readerDocuments = 'reader/generated/';

/** Everything the build depends on: sources, operations, the schema they are checked against, versions. */
const inputs = [
  'reader/src',
  'reader/operations',
  'reader/build.ts',
  'schema.graphql',
  'codegen.ts',
  'package-lock.json',
];

async function filesOf(path: string): Promise<string[]> {
  const absolute = join(projectRoot, path);
  if (!(await stat(absolute)).isDirectory()) return [absolute];
  const entries = await readdir(absolute, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

async function inputHash(): Promise<string> {
  const files = (await Promise.all(inputs.map(filesOf))).flat().sort();
  const hash = createHash('sha256');
  for (const file of files) {
    hash
      .update(relative(projectRoot, file))
      .update('\0')
      .update(await readFile(file))
      .update('\0');
  }
  return hash.digest('hex');
}

async function builtFrom(): Promise<string | null> {
  try {
    return (await readFile(stampFile, 'utf8')).trim();
  } catch {
    return null;
  }
}

function page(script: string, style: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>News archive</title>
<link rel="stylesheet" href="${publicPath}${style}">
<script type="module" src="${publicPath}${script}"></script>
</head>
<body>
<header class="masthead"><a class="brand" href="#/">News archive</a><a class="tools" href="/graphql">GraphiQL</a></header>
<main id="page" aria-live="polite" aria-busy="true"><p>Loading…</p></main>
<noscript>The reader needs JavaScript.</noscript>
</body>
</html>
`;
}

async function bundle(): Promise<void> {
  await rm(outputDirectory, { recursive: true, force: true });
  const assets = join(outputDirectory, 'assets');
  const { build } = await import('esbuild');
  const result = await build({
    absWorkingDir: projectRoot,
    entryPoints: [join(readerDirectory, 'src', 'main.ts')],
    tsconfig: join(readerDirectory, 'src', 'tsconfig.json'),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    sourcemap: 'linked',
    entryNames: '[name]-[hash]',
    outdir: assets,
    metafile: true,
    logLevel: 'warning',
  });
  const entry = Object.entries(result.metafile.outputs).find(([, output]) => output.entryPoint !== undefined);
  const style = entry?.[1].cssBundle;
  if (entry === undefined || style === undefined) throw new Error('esbuild produced no script or no stylesheet');
  await mkdir(outputDirectory, { recursive: true });
  await writeFile(
    join(outputDirectory, 'index.html'),
    page(relative(assets, join(projectRoot, entry[0])), relative(assets, join(projectRoot, style))),
  );
}

async function main(): Promise<void> {
  const onlyIfStale = process.argv.includes('--if-stale');
  const hash = await inputHash();
  if (onlyIfStale) {
    if ((await builtFrom()) === hash) return;
    process.stdout.write('reader: building\n');
    const output = codegenConfig.generates[readerDocuments];
    if (output === undefined) throw new Error(`codegen.ts generates no ${readerDocuments}`);
    // Loaded only here: graphql-codegen takes seconds to load, which an up-to-date start should not wait for.
    const { generate } = await import('@graphql-codegen/cli');
    await generate({ ...codegenConfig, cwd: projectRoot, generates: { [readerDocuments]: output } }, true);
  }
  await bundle();
  await writeFile(stampFile, `${hash}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`reader: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
