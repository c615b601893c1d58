import type { ArticleIntake, IntakeResult } from '../archive/intake.ts';
import { articleFromInput } from './parse/article-input.ts';
import { parseDocument } from './parse/document.ts';
import { firstLineOf } from './read-document.ts';

/**
 * The write API's way into the parser (see archive/intake.ts). Parsing runs inline on the request's
 * thread: the API bounds documents at a few MB, which parse in milliseconds.
 */
export function createArticleIntake(): ArticleIntake {
  return { parseDocument: parseFeedDocument, fromInput: (input) => guarded(() => articleFromInput(input)) };
}

function parseFeedDocument(text: string): IntakeResult {
  return guarded(() => {
    // The fallback is this very object only when the document states no date at all.
    const fallbackDate = new Date();
    const parsed = parseDocument(text, { fallbackDate });
    if (!parsed.ok) return { ok: false, reason: parsed.refusal.message };
    const warnings =
      parsed.article.publishedAt === fallbackDate
        ? ['no publish time, capture time or URL date: publishedAt is the time of ingest']
        : [];
    return { ok: true, article: parsed.article, warnings };
  });
}

/** A parser bug must cost one document, not the request (as in read-document.ts). */
function guarded(read: () => IntakeResult): IntakeResult {
  try {
    return read();
  } catch (error) {
    return { ok: false, reason: `could not be parsed: ${firstLineOf(error)}` };
  }
}
