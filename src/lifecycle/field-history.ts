/** What changed between two versions of a posting, field by field. */
import { descriptionHash } from '../../db/postings.ts';
import { POSTING_FIELDS, type Posting, type PostingField } from '../model/posting.ts';

export interface FieldChange {
  field: PostingField | 'description';
  oldValue: string | null;
  newValue: string | null;
}

/** Portal metadata that moves on every edit: recorded in the posting, not worth an event. */
const NOT_TRACKED: ReadonlySet<PostingField> = new Set(['updatedAt', 'descriptionHtml', 'descriptionText']);

/**
 * Field changes; descriptions compared by the hash of their text (history keeps hashes, not
 * copies), so the version before needs only its description's stored hash, not its text.
 */
export function diffPostings(before: Posting, beforeDescriptionHash: string | null, after: Posting): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const field of POSTING_FIELDS) {
    if (NOT_TRACKED.has(field)) continue;
    const oldValue = before[field];
    const newValue = after[field];
    if (oldValue !== newValue) changes.push({ field, oldValue, newValue });
  }
  const newText = descriptionHash(after.descriptionText);
  if (beforeDescriptionHash !== newText)
    changes.push({ field: 'description', oldValue: beforeDescriptionHash, newValue: newText });
  return changes;
}
