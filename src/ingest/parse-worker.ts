import { parentPort } from 'node:worker_threads';
import { recordSearchFields, searchColumns } from '../archive/search-text.ts';
import { isParsed, readDocument } from './read-document.ts';

/** A parse worker: reads and parses the files it is sent, one message per file, answers in kind. */
export interface ParseRequest {
  id: number;
  file: string;
  /** Larger files are refused, and never read past this many bytes plus one. */
  maxBytes: number;
}

parentPort?.on('message', ({ id, file, maxBytes }: ParseRequest) => {
  const document = readDocument(file, maxBytes);
  // Tokenized here, in parallel, rather than on the writer's thread (see ArticleRecord.searchColumns).
  if (isParsed(document)) {
    const { article } = document;
    article.searchColumns = searchColumns(
      recordSearchFields(
        article,
        article.authors.map((author) => author.name),
      ),
    );
  }
  parentPort?.postMessage({ id, document });
});
