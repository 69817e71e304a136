import type { IChangeEvent } from '@rjsf/core';
import type { RJSFSchema, UiSchema } from '@rjsf/utils';
import { useCallback, useId, useMemo, useRef, useState } from 'react';
import { ApiError, get, post } from '../api/client';
import type { Dossier, EffectiveArtefact, Issue, TaskCompleteResponse, UserTask } from '../api/types';
import { Link, navigate } from '../app/router';
import { LoadStatus } from '../app/Status';
import { formatDateTime, personName } from '../app/labels';
import { useLoad } from '../app/useLoad';
import { applyFieldAccess } from '../forms/field-access';
import { errorSchemaOf, fieldLabel } from '../forms/issues';
import { prepareSchema, prepareUiSchema } from '../forms/prepare-schema';
import { MemoForm } from '../forms/SubmissionEditor';
import { useMe } from '../session/session';

type Json = Record<string, unknown>;
const never = () => new Promise<never>(() => undefined);

/** The task's form for its dossier's establishment, without what the user may not read. */
function TaskForm({ task, dossier, onCompleted }: { task: UserTask; dossier: Dossier; onCompleted(result: TaskCompleteResponse): void }) {
  const id = useId();
  const form = task.form;
  const effective = useLoad(
    () => (form ? get<EffectiveArtefact>(`/api/metadata/${form.kind === 'grid' ? 'grids' : 'forms'}/${form.key}/effective?establishment=${dossier.establishmentId}&dossier=${dossier.id}`) : never()),
    [form?.kind, form?.key, dossier.establishmentId, dossier.id],
  );
  const rendered = useMemo(() => {
    if (!effective.data) return null;
    const { schema, uiSchema } = applyFieldAccess(effective.data.content.schema, effective.data.content.uiSchema ?? {}, effective.data);
    return { raw: schema, schema: prepareSchema(schema) as RJSFSchema, uiSchema: { ...prepareUiSchema(schema, uiSchema), 'ui:submitButtonOptions': { norender: true } } as UiSchema };
  }, [effective.data]);
  const dataRef = useRef<Json>({});
  const [issues, setIssues] = useState<Issue[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const extraErrors = useMemo(() => (issues.length > 0 ? errorSchemaOf(issues) : undefined), [issues]);
  const onChange = useCallback((event: IChangeEvent) => {
    dataRef.current = (event.formData ?? {}) as Json;
  }, []);
  const complete = async () => {
    setBusy(true);
    setError(null);
    try {
      onCompleted(await post<TaskCompleteResponse>(`/api/tasks/${task.id}/complete`, { data: dataRef.current }));
    } catch (e) {
      if (e instanceof ApiError && e.issues.length > 0) {
        setIssues(e.issues.map((i) => ({ ...i, path: i.path.replace(/^\/data(?=\/|$)/, '') })));
        window.setTimeout(() => document.getElementById(`${id}-errors`)?.focus(), 0);
      } else setIssues([]);
      setError(e instanceof Error ? e.message : 'La tâche n’a pas pu être terminée.');
    } finally {
      setBusy(false);
    }
  };
  if (form && !rendered) return <LoadStatus loaded={effective} what="Formulaire de la tâche indisponible" />;
  return (
    <div className="editor">
      {issues.length > 0 && rendered ? (
        <div id={`${id}-errors`} className="error-summary" role="alert" tabIndex={-1}>
          <h2>{error ?? 'Certaines valeurs sont invalides.'}</h2>
          <ul>
            {issues.map((issue) => (
              <li key={`${issue.path}|${issue.message}`}>
                {fieldLabel(rendered.raw, issue.path)} : {issue.message}
              </li>
            ))}
          </ul>
        </div>
      ) : (
        error && (
          <p className="error" role="alert">
            {error}
          </p>
        )
      )}
      {rendered && <MemoForm schema={rendered.schema} uiSchema={rendered.uiSchema} formData={dataRef.current} extraErrors={extraErrors} readOnly={false} onChange={onChange} dossierId={dossier.id} />}
      <div className="form-actions">
        <button type="button" className="primary" onClick={() => void complete()} disabled={busy}>
          Terminer la tâche
        </button>
      </div>
    </div>
  );
}

/** A task: its dossier, due date and assignee; claim it, give it back, fill its form and complete it. */
export function TaskPage({ taskId }: { taskId: string }) {
  const me = useMe();
  const task = useLoad(() => get<UserTask>(`/api/tasks/${taskId}`), [taskId]);
  const dossierId = task.data?.dossierId;
  const dossier = useLoad(() => (dossierId ? get<Dossier>(`/api/dossiers/${dossierId}`) : never()), [dossierId]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const assign = async (action: 'claim' | 'unclaim') => {
    setBusy(true);
    setError(null);
    try {
      await post<UserTask>(`/api/tasks/${taskId}/${action}`);
      task.reload();
    } catch (e) {
      setError(e instanceof Error ? e.message : 'Action impossible.');
    } finally {
      setBusy(false);
    }
  };
  const onCompleted = useCallback((result: TaskCompleteResponse) => navigate(`/taches?terminee=${encodeURIComponent(result.taskId)}`), []);
  if (!task.data) return <LoadStatus loaded={task} what="Tâche inaccessible" />;
  const t = task.data;
  const mine = t.assignee?.id === me.id;
  return (
    <article className="form-page">
      <p>
        <Link href="/taches">← Tâches</Link>
      </p>
      <h1>{t.name}</h1>
      <p>
        {dossier.data && (
          <>
            Dossier de <Link href={`/dossiers/${dossier.data.id}`}>{personName(dossier.data.identity)}</Link>.{' '}
          </>
        )}
        {t.dueAt && <span className={t.overdue ? 'badge level-danger' : 'badge'}>{t.overdue ? 'En retard — ' : 'Échéance '}{formatDateTime(t.dueAt)}</span>}{' '}
        {t.assignee ? `Prise par ${mine ? 'vous' : (t.assignee.name ?? 'une autre personne')}.` : 'Personne n’a encore pris cette tâche.'}
      </p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {t.status !== 'open' ? (
        <p>Cette tâche est {t.status === 'completed' ? `terminée (${formatDateTime(t.completedAt)})` : 'annulée'}.</p>
      ) : !mine ? (
        <button type="button" className="primary" onClick={() => void assign('claim')} disabled={busy || t.assignee !== null}>
          Prendre la tâche
        </button>
      ) : (
        <>
          <button type="button" onClick={() => void assign('unclaim')} disabled={busy}>
            Rendre la tâche
          </button>
          {dossier.data ? <TaskForm task={t} dossier={dossier.data} onCompleted={onCompleted} /> : <LoadStatus loaded={dossier} what="Dossier inaccessible" />}
        </>
      )}
    </article>
  );
}
