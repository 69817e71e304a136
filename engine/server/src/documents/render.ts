import { AppError, type SchemaNode, answeredCategories, answersTableHtml, displayAnswers, htmlToPdfDefinition, localDate, pruneAnswers, renderTemplateHtml, TemplateError, validationError } from '@cordee/core';
import { type DocumentSource, type DossierAccessRecord, type SubmissionRecord, findEstablishment, findUnit, getSubmission, listSubmissions, submissionColumns } from '@cordee/db';
import type { AppDeps } from '../deps';
import { loadDossierView } from '../dossiers/dossier-view';
import { canOn, listFilter, requireUser } from '../http/authorize';
import type { RequestContext } from '../http/context';
import { type EffectiveArtefact, effectiveFor } from '../metadata/effective';
import { guardedOf, hiddenFields, readsNothing } from '../submissions/field-access';
import { submissionSubject } from '../submissions/subjects';
import { effectiveOf, latestRevision } from '../submissions/submission-view';
import { buildSynthesis } from '../routes/dossier-overview';
import { renderPdf } from './pdf';
import { documentCss } from './style';

export type SignatoryRole = 'professional' | 'young_person' | 'legal_representative';

interface TemplateContent {
  title: string;
  source: string;
  form?: string;
  formKind?: 'form' | 'grid';
  signatories?: SignatoryRole[];
  includes?: string[];
}

export interface RenderedDocument {
  template: EffectiveArtefact;
  title: string;
  html: string;
  sources: DocumentSource[];
  /** The data categories of the answers it shows: reading the stored document requires reading each. */
  categories: string[];
  signatories: SignatoryRole[];
}

/** The published template in force for the establishment, or 422 on `/template`. */
async function templateFor(deps: AppDeps, key: string, establishmentId: string): Promise<EffectiveArtefact> {
  try {
    return await effectiveFor(deps, 'template', key, establishmentId);
  } catch (error) {
    if (error instanceof AppError && error.code === 'NOT_FOUND') throw validationError([{ path: '/template', message: 'Ce modèle de document n’existe pas ou n’a jamais été publié.' }]);
    throw error;
  }
}

/** The answers of a submission as this user may read them (field permissions applied), with the form they were captured with; null when they may read none. */
async function readableAnswers(deps: AppDeps, ctx: RequestContext, submission: SubmissionRecord) {
  const revision = await latestRevision(deps.db, submission);
  const effective = await effectiveOf(deps, revision);
  if (readsNothing(ctx, submissionSubject(submission), effective)) return null;
  const data = pruneAnswers(revision.data, hiddenFields(ctx, submissionSubject(submission), effective));
  const schema = effective.content.schema as SchemaNode;
  return {
    categories: answeredCategories(data, guardedOf(effective)),
    source: { submissionId: submission.id, revision: revision.revision, formKey: submission.formKey, formVersion: effective.baseVersion },
    context: { data, display: displayAnswers(schema, data), answersHtml: answersTableHtml(schema, data), capturedAt: revision.createdAt.toISOString(), formTitle: effective.content.title ?? submission.formKey, version: effective.baseVersion, status: submission.status },
  };
}

/** The latest final submission of a form in the dossier that the user may read, if any. */
async function latestReadable(deps: AppDeps, ctx: RequestContext, dossierId: string, formKey: string): Promise<SubmissionRecord | null> {
  const [row] = await listSubmissions(deps.db, { access: listFilter(ctx, 'read', 'Submission', submissionColumns), dossierId, formKey, status: 'final', limit: 1 });
  return row ? await getSubmission(deps.db, row.id) : null;
}

/** The submission a document renders: the one asked for (same dossier and form, readable), else the latest final one. */
async function sourceSubmission(deps: AppDeps, ctx: RequestContext, dossier: DossierAccessRecord, form: string, submissionId: string | undefined, final: boolean): Promise<SubmissionRecord> {
  if (submissionId) {
    const submission = await getSubmission(deps.db, submissionId);
    if (!submission || submission.dossierId !== dossier.id || !canOn(ctx, 'read', 'Submission', submissionSubject(submission))) {
      throw validationError([{ path: '/submission', message: 'Cette saisie n’existe pas dans ce dossier ou vous ne pouvez pas la lire.' }]);
    }
    if (submission.formKey !== form) throw validationError([{ path: '/submission', message: `Ce modèle rend le formulaire « ${form} », pas « ${submission.formKey} ».` }]);
    if (final && submission.status !== 'final') throw validationError([{ path: '/submission', message: 'Un document se produit à partir d’une saisie définitive (l’aperçu accepte un brouillon).' }]);
    return submission;
  }
  const latest = await latestReadable(deps, ctx, dossier.id, form);
  if (!latest) throw validationError([{ path: '/submission', message: `Aucune saisie définitive du formulaire « ${form} » dans ce dossier.` }]);
  return latest;
}

const sexLabels: Record<string, string> = { F: 'Féminin', M: 'Masculin', I: 'Indéterminé' };

/**
 * Renders a document of a dossier to HTML from a published template: the dossier as the user
 * may see it (identity, placement, care team), the submission the template renders and the forms
 * it includes, each limited to the fields the user may read. `final`: for a stored document (a
 * final submission is required); else a preview.
 */
export async function renderDocumentHtml(deps: AppDeps, ctx: RequestContext, dossier: DossierAccessRecord, templateKey: string, submissionId: string | undefined, final: boolean): Promise<RenderedDocument> {
  const user = requireUser(ctx);
  const template = await templateFor(deps, templateKey, dossier.establishmentId);
  const content = template.content as unknown as TemplateContent;
  if (!content.form && submissionId) throw validationError([{ path: '/submission', message: 'Ce modèle ne rend pas de saisie.' }]);
  const now = deps.clock.now();
  const day = localDate(now);
  const view = await loadDossierView(deps.db, ctx, dossier.id, day);
  const placement = view.currentPlacement;
  const [establishment, unit] = await Promise.all([findEstablishment(deps.db, dossier.establishmentId), dossier.unitId ? findUnit(deps.db, dossier.unitId) : null]);
  const sources: DocumentSource[] = [];
  const categories = new Set<string>();
  let main: Record<string, unknown> = {};
  if (content.form) {
    const answers = await readableAnswers(deps, ctx, await sourceSubmission(deps, ctx, dossier, content.form, submissionId, final));
    // a document of which the user may read nothing is not produced (nor is the record shown to exist)
    if (!answers) throw validationError([{ path: '/submission', message: 'Cette saisie n’existe pas dans ce dossier ou vous ne pouvez pas la lire.' }]);
    sources.push(answers.source);
    answers.categories.forEach((c) => categories.add(c));
    main = answers.context;
  }
  const forms: Record<string, unknown> = {};
  for (const key of content.includes ?? []) {
    const submission = await latestReadable(deps, ctx, dossier.id, key);
    if (!submission) continue;
    const answers = await readableAnswers(deps, ctx, submission);
    if (!answers) continue;
    sources.push(answers.source);
    answers.categories.forEach((c) => categories.add(c));
    forms[key] = answers.context;
  }
  const synthesis = content.form ? null : await buildSynthesis(deps, ctx, dossier);
  // the synthesis shows the latest grids' scores: they tell what the grids' answers hold
  for (const grid of synthesis?.grids ?? []) {
    const submission = await getSubmission(deps.db, grid.submissionId);
    if (submission) (await readableAnswers(deps, ctx, submission))?.categories.forEach((c) => categories.add(c));
  }
  const identity = view.identity;
  const context = {
    ...main,
    forms,
    document: { title: content.title, generatedAt: now.toISOString(), generatedBy: user.displayName, preview: !final },
    establishment: establishment ? { name: establishment.name, finess: establishment.finessGeographique } : null,
    unit: unit ? { name: unit.name } : null,
    dossier: {
      number: view.number,
      birthName: identity.birthName,
      usedName: identity.usedName ?? null,
      firstNames: identity.firstNames,
      displayName: `${identity.usedFirstName ?? identity.firstNames} ${(identity.usedName ?? identity.birthName).toUpperCase()}`,
      birthDate: identity.birthDate,
      sex: sexLabels[identity.sex] ?? identity.sex,
      identityStatus: view.identityStatusLabel,
      status: view.status,
    },
    placement: placement ? { startDate: placement.startDate, endDate: placement.endDate, legalBasis: placement.legalBasisLabel, decisionReference: placement.decisionReference } : null,
    careTeam: view.careTeam.filter((m) => m.active).map((m) => ({ name: m.displayName, role: m.roleLabel })),
    synthesis,
  };
  let body: string;
  try {
    body = renderTemplateHtml(template.hash, content.source, context);
  } catch (error) {
    if (error instanceof TemplateError) throw new AppError('DOCUMENT_RENDER_FAILED', { detail: `Modèle « ${templateKey} » : ${error.message}` });
    throw error;
  }
  const title = `${content.title} — ${context.dossier.displayName}`;
  const html = `<!doctype html>\n<html lang="fr"><head><meta charset="utf-8"><title>${escapeTitle(title)}</title><style>${documentCss}</style></head><body>${body}</body></html>`;
  return { template, title, html, sources, categories: [...categories].sort(), signatories: content.signatories ?? [] };
}

const escapeTitle = (t: string) => t.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!);

/** The PDF of a rendered document: footer with the establishment, the template and its version. */
export async function documentPdf(deps: AppDeps, ctx: RequestContext, rendered: RenderedDocument, establishmentName: string): Promise<Buffer> {
  const user = requireUser(ctx);
  return renderPdf(
    htmlToPdfDefinition(rendered.html, {
      title: rendered.title,
      author: user.displayName,
      subject: `${rendered.template.key} v${rendered.template.baseVersion}`,
      footer: `${establishmentName} — ${rendered.template.key} v${rendered.template.baseVersion} — produit par Cordée`,
      createdAt: deps.clock.now(),
    }),
  );
}
