/**
 * An HTML tree without the parts a parser never reads. A Choisir le service public results page
 * weighs 4.5 MB, nearly all of it search facets (thousands of checkboxes) around 20 offer cards:
 * its whole tree costs about 25 MB of heap to read 20 cards. Built here, the elements `prune`
 * names are skipped with everything inside them as the tokenizer meets them, so the tree holds
 * what the parser reads and its cost follows the cards, not the facets.
 */
import { type Document, DomHandler } from 'domhandler';
import { Parser } from 'htmlparser2';

/** Whether an element, and all it holds, can be left out of the tree. */
export type PruneTest = (name: string, attribs: Readonly<Record<string, string>>) => boolean;

/** htmlparser2 calls `onclosetag` once for every `onopentag` (void and implied ends included): depth counts hold. */
class PruningHandler extends DomHandler {
  /** How deep the tokenizer is inside a skipped element; 0 outside. */
  private skipping = 0;

  constructor(private readonly prune: PruneTest) {
    super(undefined, { xmlMode: false });
  }

  override onopentag(name: string, attribs: Record<string, string>): void {
    if (this.skipping > 0 || this.prune(name, attribs)) this.skipping += 1;
    else super.onopentag(name, attribs);
  }

  override onclosetag(): void {
    if (this.skipping > 0) this.skipping -= 1;
    else super.onclosetag();
  }

  override ontext(data: string): void {
    if (this.skipping === 0) super.ontext(data);
  }

  override oncomment(data: string): void {
    if (this.skipping === 0) super.oncomment(data);
  }
}

/** The document of `html`, as cheerio's htmlparser2 mode builds it, less the pruned elements. */
export function prunedDocument(html: string, prune: PruneTest): Document {
  const handler = new PruningHandler(prune);
  new Parser(handler, { xmlMode: false, decodeEntities: true }).end(html);
  return handler.root;
}
