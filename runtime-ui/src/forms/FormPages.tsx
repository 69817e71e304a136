import { useCallback, useId, useMemo, useState } from 'react';
import { get } from '../api/client';
import type { Dossier, DossierSynthesis, EffectiveArtefact, Submission, SubmissionRevisions } from '../api/types';
import { Link } from '../app/router';
import { LoadStatus } from '../app/Status';
import { formatDateTime, personName } from '../app/labels';
import { useLoad } from '../app/useLoad';
import { AGENDA_FORM, newAgendaEvent } from '../daily/agenda-event';
import { useMe } from '../session/session';
import { applyFieldAccess } from './field-access';
import { GridResults, type GridMeta } from './GridResults';
import { SubmissionEditor } from './SubmissionEditor';

type Json = Record<string, unknown>;
const segment = (kind: 'form' | 'grid') => (kind === 'grid' ? 'grids' : 'forms');

function DossierHeading({ dossier, title }: { dossier: Dossier | null; title: string }) {
  return (
    <>
      {dossier && (
        <p>
          <Link href={`/dossiers/${dossier.id}`}>← Dossier de {personName(dossier.identity)}</Link>
        </p>
      )}
      <h1>{title}</h1>
    </>
  );
}

/**
 * A grid's items in the order the grid lists them (the stored schema keeps no property order),
 * unless its layout orders them itself.
 */
export function withItemOrder(content: { uiSchema?: Json; items?: unknown; itemAnswerPath?: unknown }): Json {
  const ui = content.uiSchema ?? {};
  const container = (typeof content.itemAnswerPath === 'string' ? content.itemAnswerPath : '/items/{item}/niveau').split('/')[1];
  if (!container || !Array.isArray(content.items)) return ui;
  const order = content.items.flatMap((i) => (i && typeof i === 'object' && typeof (i as { id?: unknown }).id === 'string' ? [(i as { id: string }).id] : []));
  const current = (ui[container] ?? {}) as Json;
  if (current['ui:order'] !== undefined || order.length === 0) return ui;
  return { ...ui, [container]: { ...current, 'ui:order': [...order, '*'] } };
}

/** A new submission of a form or grid, from the effective form of the dossier's establishment. */
export function NewSubmissionPage({ dossierId, kind, formKey }: { dossierId: string; kind: 'form' | 'grid'; formKey: string }) {
  const dossier = useLoad(() => get<Dossier>(`/api/dossiers/${dossierId}`), [dossierId]);
  const establishment = dossier.data?.establishmentId;
  const effective = useLoad(
    () => (establishment ? get<EffectiveArtefact>(`/api/metadata/${segment(kind)}/${formKey}/effective?establishment=${establishment}&dossier=${dossierId}`) : new Promise<never>(() => undefined)),
    [establishment, kind, formKey, dossierId],
  );
  const rendered = useMemo(() => {
    if (!effective.data) return null;
    const content = effective.data.content;
    return applyFieldAccess(content.schema, kind === 'grid' ? withItemOrder(content) : (content.uiSchema ?? {}), effective.data);
  }, [effective.data, kind]);
  const me = useMe();
  // an agenda event starts with its author among the participants (it shows in their agenda)
  const initialData = useMemo(() => (kind === 'form' && formKey === AGENDA_FORM ? newAgendaEvent(me) : {}), [kind, formKey, me]);
  const [saved, setSaved] = useState<Submission | null>(null);
  const onSaved = useCallback((s: Submission) => setSaved(s), []);
  if (dossier.error) return <LoadStatus loaded={dossier} what="Dossier inaccessible" />;
  if (!effective.data || !rendered) return <LoadStatus loaded={effective} what="Formulaire indisponible" />;
  const content = effective.data.content;
  return (
    <article className="form-page">
      <DossierHeading dossier={dossier.data} title={content.title ?? formKey} />
      {content.description && <p className="muted">{content.description}</p>}
      <SubmissionEditor target={{ dossierId, kind, formKey }} schema={rendered.schema} uiSchema={rendered.uiSchema} initialData={initialData} readOnly={false} addressFollows onSaved={onSaved} />
      {saved && <GridResults submission={saved} meta={content as GridMeta} />}
    </article>
  );
}

function Revisions({ submissionId, version }: { submissionId: string; version: number }) {
  const id = useId();
  const revisions = useLoad(() => get<SubmissionRevisions>(`/api/submissions/${submissionId}/revisions`), [submissionId, version]);
  return (
    <section aria-labelledby={id} className="card">
      <h2 id={id}>Révisions</h2>
      <LoadStatus loaded={revisions} what="Révisions indisponibles" />
      <ol className="revisions" reversed>
        {[...(revisions.data?.items ?? [])].reverse().map((r) => (
          <li key={r.revision}>
            <details>
              <summary>
                Révision {r.revision} du {formatDateTime(r.createdAt)} — {r.status === 'final' ? 'définitive' : 'brouillon'}, version {r.version}, {r.diff.length} réponse(s) modifiée(s)
              </summary>
              <ul className="plain">
                {r.diff.map((c) => (
                  <li key={c.path}>
                    <code>{c.path}</code> : {c.kind === 'added' ? 'ajoutée' : c.kind === 'removed' ? 'retirée' : 'modifiée'}
                    {c.kind !== 'removed' && ` → ${JSON.stringify(c.after)}`}
                  </li>
                ))}
              </ul>
            </details>
          </li>
        ))}
      </ol>
    </section>
  );
}

/** A saved submission, shown with the form version it was captured with; revisable by those allowed to. */
export function SubmissionPage({ submissionId }: { submissionId: string }) {
  const submission = useLoad(() => get<Submission>(`/api/submissions/${submissionId}`), [submissionId]);
  const dossierId = submission.data?.dossierId;
  const dossier = useLoad(() => (dossierId ? get<Dossier>(`/api/dossiers/${dossierId}`) : new Promise<never>(() => undefined)), [dossierId]);
  const synthesis = useLoad(() => (dossierId ? get<DossierSynthesis>(`/api/dossiers/${dossierId}/synthesis`) : new Promise<never>(() => undefined)), [dossierId]);
  const gridVersion = submission.data?.formKind === 'grid' ? `${submission.data.formKey}/versions/${submission.data.form.version}` : null;
  const gridMeta = useLoad(
    () => (gridVersion ? get<{ content: GridMeta }>(`/api/metadata/grids/${gridVersion}`).then((v) => v.content) : Promise.resolve({} as GridMeta)),
    [gridVersion],
  );
  const [latest, setLatest] = useState<Submission | null>(null);
  const onSaved = useCallback((s: Submission) => setLatest(s), []);
  const rendered = useMemo(() => {
    const s = submission.data;
    if (!s) return null;
    const form = s.form as Submission['form'] & { schema: Json; uiSchema: Json };
    return applyFieldAccess(form.schema, gridMeta.data ? withItemOrder({ ...gridMeta.data, uiSchema: form.uiSchema }) : form.uiSchema, s);
  }, [submission.data, gridMeta.data]);
  if (!submission.data || !rendered) return <LoadStatus loaded={submission} what="Saisie inaccessible" />;
  const s = submission.data;
  const form = s.form;
  const editable = synthesis.data?.actions.creatableForms.some((f) => f.key === s.formKey && f.kind === s.formKind) ?? false;
  return (
    <article className="form-page">
      <DossierHeading dossier={dossier.data} title={form.title ?? s.formKey} />
      <p className="muted">
        {s.status === 'final' ? 'Saisie définitive' : 'Brouillon'}, révision {(latest ?? s).revision}, formulaire en version {form.version} — créée le {formatDateTime(s.createdAt)}.
        {s.upgrade.available && ' Une version plus récente du formulaire est en vigueur.'}
      </p>
      {!s.validation.valid && (
        <p className="alert" role="note">
          Cette saisie n’est plus complète au regard de sa version : {s.validation.issues.length} point(s) à revoir.
        </p>
      )}
      <GridResults submission={latest ?? s} meta={gridMeta.data ?? {}} />
      <SubmissionEditor
        key={s.id}
        target={{ dossierId: s.dossierId, kind: s.formKind, formKey: s.formKey, existing: { id: s.id, lockVersion: s.lockVersion, status: s.status, updatedAt: s.updatedAt } }}
        schema={rendered.schema}
        uiSchema={rendered.uiSchema}
        initialData={s.data as Json}
        readOnly={!editable}
        onSaved={onSaved}
      />
      <Revisions submissionId={s.id} version={(latest ?? s).revision} />
    </article>
  );
}
