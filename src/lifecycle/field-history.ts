/** What changed between two versions of a posting, field by field. */
import { createHash } from 'node:crypto';
import { POSTING_FIELDS, type Posting, type PostingField } from '../model/posting.ts';

export interface FieldChange {
  field: PostingField | 'description';
  oldValue: string | null;
  newValue: string | null;
}

/** Portal metadata that moves on every edit: recorded in the posting, not worth an event. */
const NOT_TRACKED: ReadonlySet<PostingField> = new Set(['updatedAt', 'descriptionHtml', 'descriptionText']);

const hash = (text: string | null) =>
  text === null ? null : `sha256:${createHash('sha256').update(text).digest('hex').slice(0, 16)}`;

/** Field changes, descriptions compared by the hash of their text (history keeps hashes, not copies). */
export function diffPostings(before: Posting, after: Posting): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const field of POSTING_FIELDS) {
    if (NOT_TRACKED.has(field)) continue;
    const oldValue = before[field];
    const newValue = after[field];
    if (oldValue !== newValue) changes.push({ field, oldValue, newValue });
  }
  const oldText = hash(before.descriptionText);
  const newText = hash(after.descriptionText);
  if (oldText !== newText) changes.push({ field: 'description', oldValue: oldText, newValue: newText });
  return changes;
}
