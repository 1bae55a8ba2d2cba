/**
 * The hiring page's openings section as it is online beside the one `openings hiring-page` writes,
 * and what `--write` would change, per language (inside the reconciliation section).
 */
import type { LiveSectionReport } from '../../hiring-page/report.ts';
import { count } from '../../render/count.ts';
import { html, type SafeHtml } from '../../render/html.ts';

const LANGUAGES = { fr: 'française', en: 'anglaise' } as const;

function changesList(report: LiveSectionReport): SafeHtml {
  const plan = report.plan!;
  if (!plan.changed) return html`<p>La section est à jour : <code>--write</code> ne changerait rien.</p>`;
  return html`<p><code>--write</code> changerait ${count(plan.removed.length + plan.added.length, 'tuile', 'tuiles')} :</p>
<ul>${[
    ...plan.removed.map(
      (t) =>
        html`<li>retirer « ${t.title} » (${t.why === 'closed' ? 'offre fermée sur tous les portails' : 'une autre tuile renvoie déjà à cette offre'})</li>`,
    ),
    ...plan.added.map((t) => html`<li>ajouter « ${t.title} »</li>`),
  ]}</ul>
${
  plan.untranslated.length
    ? html`<p>À traduire : ${plan.untranslated.map(
        (t, i) => html`${i ? ', ' : ''}« ${t.title} » (<code>hiringPage.translations["${t.opening}"]</code>)`,
      )}.</p>`
    : ''
}`;
}

function languagePart(report: LiveSectionReport): SafeHtml {
  const id = `section-${report.lang}`;
  return html`<h3 id="${id}">Section « offres en cours » de la page ${LANGUAGES[report.lang]}</h3>
${
  report.plan
    ? html`${changesList(report)}
<details><summary>Comparer la section en ligne et la section régénérée</summary>
<div class="side-by-side">
<figure><figcaption>En ligne</figcaption><pre tabindex="0"><code>${report.live}</code></pre></figure>
<figure><figcaption>Régénérée</figcaption><pre tabindex="0"><code>${report.plan.section}</code></pre></figure>
</div>
</details>`
    : html`<p class="notice">La section ne peut pas être régénérée : ${report.problem}.</p>`
}`;
}

/** `organisation`: the id the command needs with `--org` (several organisations), else null. */
export function hiringSectionsPart(
  reports: readonly LiveSectionReport[],
  organisation: string | null = null,
): SafeHtml | string {
  if (reports.length === 0) return '';
  const org = organisation ? ` --org ${organisation}` : '';
  return html`${reports.map(languagePart)}
<p class="muted">Dans l’intégration continue du site : <code>npx openings hiring-page${org} --lang fr --write content/recrutement/index.md</code> (code de sortie 1 quand la section change).</p>`;
}
