/**
 * The one place codes become French: why a run was not healthy, why a posting changed state.
 * The database stores codes and their facts; the page, the feeds, the terminal and the
 * notifications all word them here.
 */
import type { TransitionReason } from '../model/lifecycle.ts';
import type { RunReason, RunVerdictReason } from '../model/run.ts';

const plural = (n: number, one: string, many: string) => `${n} ${n > 1 ? many : one}`;

function runReason(reason: RunReason): string {
  switch (reason.code) {
    case 'no-inventory-request':
      return 'aucune page d’inventaire à demander';
    case 'fetch-failed':
      return `impossible de récupérer ${reason.url} : ${reason.error}`;
    case 'page-not-understood':
      return `page non comprise : ${reason.message}`;
    case 'page-cap':
      return `pagination de « ${reason.series} » arrêtée à la limite de ${reason.maxPages} pages avant sa fin`;
    case 'count-below-announced':
      return `nombre invraisemblable : ${plural(reason.listed, 'annonce listée', 'annonces listées')}, le portail en annonce ${reason.announced}`;
    case 'count-below-previous':
      return `nombre invraisemblable : ${plural(reason.listed, 'annonce listée', 'annonces listées')}, ${reason.previous} au dernier relevé sain`;
    case 'nothing-listed':
      return `nombre invraisemblable : aucune annonce listée (${reason.previous} au dernier relevé sain) et aucune page ne dit qu’il n’y en a pas`;
    case 'offer-page-not-understood':
      return `page d’offre non comprise : ${reason.message}`;
    case 'internal-error':
      return `erreur interne : ${reason.message}`;
    case 'interrupted':
      return 'interrompu : le processus qui l’exécutait s’est arrêté';
    case 'legacy':
      return reason.text;
  }
}

/** `impossible de récupérer … : HTTP 503 (+1 autre)`. */
export function runReasonText(verdict: RunVerdictReason): string {
  return `${runReason(verdict.reason)}${verdict.more > 0 ? ` (+${plural(verdict.more, 'autre', 'autres')})` : ''}`;
}

export function transitionReasonText(reason: TransitionReason): string {
  switch (reason.code) {
    case 'filled':
      return 'le portail indique le poste pourvu';
    case 'listed-again':
      return 'de nouveau listée';
    case 'relisted':
      return 'de nouveau listée sur le portail';
    case 'absent':
      return `absente du relevé (${reason.missingRuns}/${reason.runsToClose})`;
    case 'gone': {
      const text = `absente de ${reason.missingRuns} relevés sains depuis ${reason.hoursMissing} h`;
      return reason.shortLived ? `${text} ; fermée moins d'un mois après publication, à vérifier` : text;
    }
    case 'deadline':
      return `date limite de candidature passée (${reason.deadline})`;
    case 'manual-close':
      return reason.note ?? 'fermée à la main';
    case 'manual-reopen':
      return 'rouverte à la main';
    case 'legacy':
      return reason.text;
  }
}
