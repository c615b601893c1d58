/** B0, a child process: the HTTP ceiling, node:http answering every request with the same pre-serialized bytes. */
import { readFileSync } from 'node:fs';
import { serveBaseline } from '../lib/baseline-server.ts';

const bodyFile = process.argv[2];
if (bodyFile === undefined) throw new Error('usage: baseline-http.ts BODY_FILE');
const body = readFileSync(bodyFile);

serveBaseline(() => ({ status: 200, body }));
