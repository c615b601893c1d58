import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { corpusFileName, generateDocumentSpec, MAX_SEED } from '../corpus/generate.ts';
import { renderDocument } from '../corpus/render.ts';
import { runCli } from './run.ts';

const usage = 'usage: npm run corpus -- --count N --out DIR [--seed S] [--force]';
/** File names have six digits. */
const MAX_COUNT = 1_000_000;

interface CorpusArguments {
  count: number;
  seed: number;
  out: string;
  /** Write into a folder that already has entries (files of the same names are replaced). */
  force: boolean;
}

class UsageError extends Error {}

function wholeNumber(name: string, value: string | undefined, min: number, max: number): number {
  const number = value !== undefined && /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!(number >= min && number <= max)) throw new UsageError(`--${name} must be a whole number from ${min} to ${max}`);
  return number;
}

function readArguments(args: string[]): CorpusArguments {
  const { values } = parseOptions(args);
  if (values.out === undefined || values.out === '') throw new UsageError('--out is required');
  return {
    count: wholeNumber('count', values.count, 1, MAX_COUNT),
    seed: wholeNumber('seed', values.seed ?? '1', 0, MAX_SEED),
    out: values.out,
    force: values.force ?? false,
  };
}

function parseOptions(args: string[]) {
  try {
    return parseArgs({
      args,
      options: {
        count: { type: 'string' },
        out: { type: 'string' },
        seed: { type: 'string' },
        force: { type: 'boolean' },
      },
    });
  } catch (error) {
    // Node's messages go on with advice over several sentences and lines; the first sentence names the problem.
    const message = error instanceof Error ? error.message : String(error);
    throw new UsageError(message.split(/\.\s/)[0] ?? message);
  }
}

/**
 * Why the corpus cannot go to `out`, or null. A folder with entries is refused unless forced: writing
 * into it would replace another corpus's files of the same names and leave the rest, a mix that an
 * ingest would then read as one corpus.
 */
function refusal({ out, force }: CorpusArguments): string | null {
  let entries: string[];
  try {
    entries = readdirSync(out);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    if (code === 'ENOTDIR') return `--out ${out} is not a folder`;
    throw error;
  }
  if (entries.length === 0 || force) return null;
  return `--out ${out} is not empty (${entries.length} entries); pass --force to write into it anyway`;
}

/** One file at a time, so memory stays flat however large the corpus. */
function writeCorpus({ count, seed, out }: CorpusArguments): number {
  mkdirSync(out, { recursive: true });
  let bytes = 0;
  for (let index = 0; index < count; index += 1) {
    const text = renderDocument(generateDocumentSpec(index, { count, seed }));
    writeFileSync(join(out, corpusFileName(index)), text);
    bytes += Buffer.byteLength(text);
  }
  return bytes;
}

runCli(async () => {
  const args = process.argv.slice(2);
  if (args.includes('--help')) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  let corpus: CorpusArguments;
  try {
    corpus = readArguments(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`error: ${error.message}; ${usage}\n`);
    return 2;
  }
  const refused = refusal(corpus);
  if (refused !== null) {
    process.stderr.write(`error: ${refused}\n`);
    return 2;
  }
  const started = performance.now();
  const bytes = writeCorpus(corpus);
  const seconds = (performance.now() - started) / 1000;
  const megabytes = (bytes / 1_048_576).toFixed(1);
  process.stdout.write(
    `wrote ${corpus.count} documents (${megabytes} MB, seed ${corpus.seed}) to ${corpus.out} in ${seconds.toFixed(1)}s\n`,
  );
  return 0;
});
