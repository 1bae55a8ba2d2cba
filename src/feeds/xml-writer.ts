/**
 * A minimal XML serialiser for the feed renderers: they describe a tree, this file alone escapes,
 * so no scraped string can reach the output unescaped.
 */
import { stripNonXmlChars } from './feed-text.ts';

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  /** Either text or child elements; neither gives an empty element. */
  content: string | XmlElement[];
}

/** Builds an element; `null` children are dropped so optional fields read inline. */
export function xmlElement(
  name: string,
  attributes: Record<string, string> = {},
  content: string | ReadonlyArray<XmlElement | null> = [],
): XmlElement {
  return {
    name,
    attributes,
    content: typeof content === 'string' ? content : content.filter((child): child is XmlElement => child !== null),
  };
}

function escapeText(text: string): string {
  return stripNonXmlChars(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttribute(value: string): string {
  // Parsers turn tabs and line breaks in attributes into spaces anyway: do it here, visibly.
  return escapeText(value)
    .replace(/"/g, '&quot;')
    .replace(/[\t\n\r]/g, ' ');
}

function serializeElement(element: XmlElement, indent: string): string {
  const attributes = Object.entries(element.attributes)
    .map(([name, value]) => ` ${name}="${escapeAttribute(value)}"`)
    .join('');
  const open = `${indent}<${element.name}${attributes}`;
  if (typeof element.content === 'string') return `${open}>${escapeText(element.content)}</${element.name}>`;
  if (element.content.length === 0) return `${open}/>`;
  const children = element.content.map((child) => serializeElement(child, `${indent}  `));
  return [`${open}>`, ...children, `${indent}</${element.name}>`].join('\n');
}

/** A UTF-8 XML document, two-space indented, ending with a newline. */
export function serializeXml(root: XmlElement): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n${serializeElement(root, '')}\n`;
}
