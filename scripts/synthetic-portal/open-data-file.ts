/**
 * A synthetic weekly open-data file in the real file's shape (shared/portals.md §2): every column,
 * `;`-separated and quoted, BOM and CRLF, multi-line employers, about 470 bytes a row (180,000 rows
 * ≈ 85 MB) with about one row in ten active. Some rows are PEReN's, so an organisation has rows to
 * keep. Written as a stream: the generator never holds the file either.
 */

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { CONTRACT_NATURES, JOBS, PLACES, SERVICES } from './csp-data.ts';
import { random } from './serve-page.ts';

const COLUMNS = [
  'Référence',
  'Intitulé du poste',
  'Organisme de rattachement',
  'Employeur',
  'Versant',
  'Catégorie',
  "Nature de l'emploi",
  'Métier',
  'Localisation du poste',
  "Lieu d'affectation",
  "Lieu d'affectation (sans géolocalisation)",
  "Niveau d'études",
  'Nature de contrat',
  'Durée du contrat',
  'Temps Plein',
  'Compétences attendues',
  'Spécialisation',
  'Avis de vacances au JO',
  'Date de première publication',
  'Date de début de publication par défaut',
  'Date de fin de publication par défaut',
];

const MINISTRIES = [
  "Ministère de l'Économie, des Finances et de la Souveraineté industrielle et numérique",
  "Ministère de l'Intérieur",
  'Ministère des Armées',
  'Ministère de la Justice',
  "Ministère de l'Éducation nationale",
  'Ministère de la Transition écologique',
];

const quote = (v: string) => `"${v.replace(/"/g, '""')}"`;
const two = (n: number) => String(n).padStart(2, '0');

/** `fileDate` is `YYYY-MM-DD`; offers are spread over the six years before it. */
export async function writeOpenDataFile(path: string, rows: number, fileDate: string, seed = 1): Promise<void> {
  const next = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const day = Date.parse(`${fileDate}T00:00:00Z`);
  const french = (ms: number) => {
    const d = new Date(ms);
    return `${two(d.getUTCDate())}/${two(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
  };
  const out = createWriteStream(path);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  await write(`\uFEFF${COLUMNS.map(quote).join(';')}\r\n`);
  for (let i = 0; i < rows; i++) {
    const job = pick(JOBS);
    const place = pick(PLACES);
    const peren = i % 900 === 0;
    const service = peren
      ? "Pôle d'Expertise de la Régulation Numérique (PEReN)"
      : pick(SERVICES).replace('{of}', place.of);
    const first = day - Math.floor(next() * 6 * 365) * 86_400_000;
    // About one offer in ten is still active on the file's date.
    const active = next() < 0.1;
    const end = active
      ? next() < 0.5
        ? '31/12/2099'
        : french(day + Math.floor(next() * 60) * 86_400_000)
      : french(Math.min(first + 60 * 86_400_000, day - 86_400_000));
    const fields = [
      `${peren ? 'MEF' : '2026'}_${String(1_000_000 + i)}`,
      `${job.title} (H/F)`,
      peren
        ? "Ministère de l'Économie, des Finances et de la Souveraineté industrielle et numérique"
        : pick(MINISTRIES),
      // About one employer in three carries its address on further lines, as in the real file.
      next() < 0.35 ? `${service}\n${place.street}\n${place.postcode} ${place.city}` : service,
      "Fonction publique de l'État",
      `Catégorie ${job.category}`,
      pick(CONTRACT_NATURES),
      job.metier,
      `${place.region === 'Île-de-France' ? 'Paris' : place.city} (${place.department})`,
      `${place.postcode} ${place.city}`,
      place.city,
      job.category === 'A' ? "Niveau 7 Master, diplôme d'ingénieur" : 'Niveau 4 Baccalauréat',
      next() < 0.5 ? 'Titulaire' : 'CDD',
      next() < 0.5 ? '36 mois' : '',
      'Oui',
      pick(job.profile).slice(0, 40),
      pick(job.specialties),
      'Non',
      french(first),
      french(first),
      end,
    ];
    await write(`${fields.map(quote).join(';')}\r\n`);
  }
  out.end();
  await once(out, 'finish');
}
