import { parentPort } from 'node:worker_threads';
import { readDocument } from './read-document.ts';

/** A parse worker: reads and parses the files it is sent, one message per file, answers in kind. */
export interface ParseRequest {
  id: number;
  file: string;
  /** Larger files are refused, and never read past this many bytes plus one. */
  maxBytes: number;
}

parentPort?.on('message', ({ id, file, maxBytes }: ParseRequest) => {
  parentPort?.postMessage({ id, document: readDocument(file, maxBytes) });
});
