/**
 * The offer page's `JobPosting` JSON-LD block. Its quirks (docs/portals.md §2): `hiringOrganization`
 * is a plain string, the description key is `Description`, `datePosted` is `dd/mm/yyyy`, and
 * "Non renseigné" stands for an empty value. Every field is optional and read leniently: a field
 * of an unexpected shape is dropped, never the whole block.
 */
import type * as cheerio from 'cheerio';
import { z } from 'zod';
import { parsePortalDate } from '../../src/model/dates.ts';
import { cleanText, decodeEntities } from '../../src/model/text.ts';

const text = z.string().optional().catch(undefined);
const named = z
  .union([z.string(), z.looseObject({ name: z.string() }).transform((o) => o.name)])
  .optional()
  .catch(undefined);
const address = z.looseObject({
  streetAddress: text,
  addressLocality: text,
  addressRegion: text,
  postalCode: text,
});
const place = z.looseObject({ address: address.optional().catch(undefined) });

const jobPostingSchema = z.looseObject({
  '@type': z.union([z.string(), z.array(z.string())]),
  title: text,
  hiringOrganization: named,
  description: text,
  Description: text,
  datePosted: text,
  validThrough: text,
  baseSalary: named,
  experienceRequirements: named,
  educationRequirements: named,
  industry: text,
  employmentType: z
    .union([z.string(), z.array(z.string()).transform((types) => types.join(', '))])
    .optional()
    .catch(undefined),
  addressLocality: text,
  jobLocation: z
    .union([place, z.array(place).transform((places) => places[0])])
    .optional()
    .catch(undefined),
});
type JobPostingLd = z.infer<typeof jobPostingSchema>;

/** What the block says, normalised; every field may be null. */
export interface JobPostingFacts {
  title: string | null;
  employer: string | null;
  descriptionHtml: string | null;
  publishedAt: string | null;
  deadline: string | null;
  salary: string | null;
  experience: string | null;
  educationLevel: string | null;
  jobFamily: string | null;
  contractType: string | null;
  /** `Hauts-de-Seine (92)` as the block spells it, without `, France`. */
  area: string | null;
  postalCode: string | null;
}

/** The portal's words for "no value". */
function filled(value: string | null | undefined): string | null {
  const clean = cleanText(value);
  return clean && !/^non (renseign|communiqu|pr[ée]cis)/i.test(clean) ? clean : null;
}

function isJobPosting(node: unknown): boolean {
  if (!node || typeof node !== 'object') return false;
  const type = (node as Record<string, unknown>)['@type'];
  return type === 'JobPosting' || (Array.isArray(type) && type.includes('JobPosting'));
}

function candidates(json: unknown): unknown[] {
  if (Array.isArray(json)) return json.flatMap(candidates);
  if (json && typeof json === 'object' && Array.isArray((json as Record<string, unknown>)['@graph'])) {
    return candidates((json as Record<string, unknown>)['@graph']);
  }
  return [json];
}

/** Plain text with line breaks becomes paragraphs; escaped HTML is unescaped once. */
function descriptionHtmlOf(raw: string | undefined): string | null {
  const value = raw?.trim();
  if (!value) return null;
  if (/<[a-z][^>]*>/i.test(value)) return value;
  if (/&lt;[a-z]/i.test(value)) return decodeEntities(value);
  const escapeText = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return value
    .split(/\n+/)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => `<p>${escapeText(line)}</p>`)
    .join('');
}

function factsOf(ld: JobPostingLd): JobPostingFacts {
  const where = ld.jobLocation?.address;
  const area =
    filled(where?.addressLocality ?? ld.addressLocality ?? where?.streetAddress)?.replace(/,\s*France$/i, '') ?? null;
  return {
    title: filled(ld.title),
    employer: filled(ld.hiringOrganization),
    descriptionHtml: descriptionHtmlOf(ld.Description ?? ld.description),
    publishedAt: parsePortalDate(ld.datePosted),
    deadline: parsePortalDate(ld.validThrough),
    salary: filled(ld.baseSalary),
    experience: filled(ld.experienceRequirements),
    educationLevel: filled(ld.educationRequirements),
    jobFamily: filled(ld.industry),
    contractType: filled(ld.employmentType),
    area,
    postalCode: filled(where?.postalCode),
  };
}

/** Reads the first `JobPosting` block of the page; `problem` says why a block present could not be read. */
export function readJobPosting($: cheerio.CheerioAPI): { facts: JobPostingFacts | null; problem: string | null } {
  let problem: string | null = null;
  for (const script of $('script[type="application/ld+json"]').toArray()) {
    let json: unknown;
    try {
      // Raw line breaks or tabs inside strings are invalid JSON but harmless: read them as spaces.
      json = JSON.parse(
        $(script)
          .text()
          .replace(/[\u0000-\u001f]+/g, ' '),
      );
    } catch (error) {
      problem = `JSON-LD block is not valid JSON (${(error as Error).message})`;
      continue;
    }
    const node = candidates(json).find(isJobPosting);
    if (!node) continue;
    const parsed = jobPostingSchema.safeParse(node);
    if (parsed.success) return { facts: factsOf(parsed.data), problem: null };
    problem = `JobPosting JSON-LD has an unexpected shape (${parsed.error.issues[0]?.message ?? 'unknown'})`;
  }
  return { facts: null, problem };
}
