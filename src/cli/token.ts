import { createHash, randomBytes } from 'node:crypto';
import { loadConfig } from '../config.ts';
import { runCli } from './run.ts';

/**
 * `npm run token -- <name> <scopes>`: a fresh random bearer token (32 bytes, base64url) and its
 * `API_TOKENS` entry, which holds only the token's SHA-256. The token is printed once and stored
 * nowhere: the client keeps it, the server's configuration gets the entry.
 */
runCli(async () => {
  const [name, scopes, ...rest] = process.argv.slice(2);
  if (name === undefined || scopes === undefined || rest.length > 0) {
    process.stderr.write('usage: npm run token -- <name> <scopes joined by +, e.g. write+read>\n');
    return 2;
  }
  const token = randomBytes(32).toString('base64url');
  const entry = `${name}:${scopes}:${createHash('sha256').update(token).digest('hex')}`;
  // The same validation the server applies at start, so a printed entry is always accepted.
  loadConfig({ API_TOKENS: entry });
  process.stdout.write(`token: ${token}\nAPI_TOKENS entry: ${entry}\n`);
  process.stderr.write('Give the token to the client; add the entry to API_TOKENS (comma-separated entries).\n');
  return undefined;
});
