import Form from '@rjsf/core';
import type { IChangeEvent } from '@rjsf/core';
import type { ErrorSchema, RJSFSchema, UiSchema } from '@rjsf/utils';
import { memo, useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { ApiError, patch, post } from '../api/client';
import type { Issue, Submission } from '../api/types';
import { formatDateTime } from '../app/labels';
import { clearDraft, readDraft, writeDraft } from '../session/drafts';
import { useMe, useSession } from '../session/session';
import { translateFr } from './french';
import { errorSchemaOf, fieldDomId, fieldLabel } from './issues';
import { AttachmentField, type AttachmentContext } from './AttachmentField';
import { ATTACHMENT_FIELD, prepareSchema, prepareUiSchema } from './prepare-schema';
import { serverAuthorityValidator } from './server-validator';
import { WIDGETS } from './widgets';

type Json = Record<string, unknown>;

export interface EditorTarget {
  dossierId: string;
  kind: 'form' | 'grid';
  formKey: string;
  /** The submission being revised; absent for a new one. */
  existing?: { id: string; lockVersion: number; status: 'draft' | 'final'; updatedAt: string };
}

interface Props {
  target: EditorTarget;
  schema: Json;
  uiSchema: Json;
  initialData: Json;
  readOnly: boolean;
  /** The page's address names the submission once saved (a page of its own, not a form inside another page). */
  addressFollows?: boolean;
  /** After each save on the server (draft autosave included): grid results and evolution are in the answer. */
  onSaved(submission: Submission, final: boolean): void;
}

const LOCAL_SAVE_MS = 300;
/** Nothing is answered for the user: no empty list item for `minItems`, no empty objects. */
const DEFAULTS = { arrayMinItems: { populate: 'never' as const }, emptyObjectFields: 'skipEmptyDefaults' as const };
const SERVER_AUTOSAVE_MS = 3000;
const FIELDS = { [ATTACHMENT_FIELD]: AttachmentField };

/** rjsf's form, memoised: typing re-renders the fields, never the page around them (also a task's form). */
export const MemoForm = memo(function MemoForm(props: {
  schema: RJSFSchema;
  uiSchema: UiSchema;
  formData: Json;
  extraErrors: ErrorSchema | undefined;
  readOnly: boolean;
  onChange(event: IChangeEvent): void;
  /** The dossier files are joined to (the attachment field uploads there). */
  dossierId?: string;
}) {
  const formContext = useMemo<AttachmentContext>(() => ({ ...(props.dossierId ? { dossierId: props.dossierId } : {}) }), [props.dossierId]);
  return (
    <Form
      schema={props.schema}
      fields={FIELDS}
      widgets={WIDGETS}
      formContext={formContext}
      uiSchema={props.uiSchema}
      formData={props.formData}
      validator={serverAuthorityValidator}
      onChange={props.onChange}
      extraErrors={props.extraErrors}
      showErrorList={false}
      noHtml5Validate
      readonly={props.readOnly}
      translateString={translateFr}
      experimental_defaultFormStateBehavior={DEFAULTS}
    >
      <></>
    </Form>
  );
});

/**
 * A generated form bound to the server: answers kept in the tab's storage as they are typed
 * (restored after an expired session or a reload), drafts saved on the server every few seconds
 * of quiet, the final submission validated by the server whose French messages land on the fields.
 */
export function SubmissionEditor({ target, schema, uiSchema, initialData, readOnly, addressFollows = false, onSaved }: Props) {
  const me = useMe();
  const { expired } = useSession();
  const id = useId();
  const rjsfSchema = useMemo(() => prepareSchema(schema) as RJSFSchema, [schema]);
  const rjsfUi = useMemo(() => ({ ...prepareUiSchema(schema, uiSchema), 'ui:submitButtonOptions': { norender: true } }) as UiSchema, [schema, uiSchema]);

  const scopeRef = useRef(target.existing ? `sub:${target.existing.id}` : `new:${target.dossierId}:${target.kind}:${target.formKey}`);
  const [restored] = useState(() => {
    const local = readDraft(me.id, scopeRef.current);
    return local && (!target.existing || local.savedAt > target.existing.updatedAt) ? local : null;
  });
  // the answers as typed: rjsf owns them while typing; every render of the form hands them back,
  // so that a re-render for another reason (errors shown or cleared, a save) never resets the fields
  const dataRef = useRef<Json>(restored?.data ?? initialData);
  const [, rerender] = useState(0);
  const serverRef = useRef(target.existing ? { id: target.existing.id, lockVersion: target.existing.lockVersion, status: target.existing.status } : null);
  const dirtyRef = useRef(restored !== null);
  const [dirty, setDirty] = useState(restored !== null);
  const [issues, setIssues] = useState<Issue[]>([]);
  const [message, setMessage] = useState<string | null>(restored ? `Saisie non enregistrée restaurée (du ${formatDateTime(restored.savedAt)}).` : null);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const localTimer = useRef<number | undefined>(undefined);
  const serverTimer = useRef<number | undefined>(undefined);
  const savingRef = useRef(false);
  /** A save asked for while another runs: done right after it (a final one wins over a draft). */
  const pendingRef = useRef<'draft' | 'final' | null>(null);
  const extraErrors = useMemo(() => (issues.length > 0 ? errorSchemaOf(issues) : undefined), [issues]);

  const save = useCallback(
    async (status: 'draft' | 'final'): Promise<void> => {
      if (savingRef.current) {
        pendingRef.current = status === 'final' || pendingRef.current === 'final' ? 'final' : 'draft';
        return;
      }
      const current = serverRef.current;
      // a final submission is revised by final revisions only
      if (status === 'draft' && current?.status === 'final') return;
      savingRef.current = true;
      setSaving(true);
      setError(null);
      const data = dataRef.current;
      try {
        const saved = current
          ? await patch<Submission>(`/api/submissions/${current.id}`, { data, lockVersion: current.lockVersion, status })
          : await post<Submission>(`/api/dossiers/${target.dossierId}/submissions`, { form: target.formKey, kind: target.kind, data, status });
        serverRef.current = { id: saved.id, lockVersion: saved.lockVersion, status: saved.status };
        if (!current) {
          // the page's address now names the saved submission: a reload reopens it rather than starting another
          clearDraft(me.id, scopeRef.current);
          scopeRef.current = `sub:${saved.id}`;
          if (addressFollows) window.history.replaceState(null, '', `/saisies/${saved.id}`);
        }
        if (dataRef.current === data) {
          dirtyRef.current = false;
          setDirty(false);
          if (status === 'final') clearDraft(me.id, scopeRef.current);
          else writeDraft(me.id, scopeRef.current, data);
        }
        setIssues([]);
        setMessage(status === 'final' ? `Saisie enregistrée (révision ${saved.revision}).` : `Brouillon enregistré à ${new Date().toLocaleTimeString('fr-FR', { hour: '2-digit', minute: '2-digit' })}.`);
        onSaved(saved, status === 'final');
      } catch (e) {
        if (e instanceof ApiError && e.status === 422 && e.issues.length > 0) {
          setIssues(e.issues);
          setError(e.message);
          if (status === 'final') window.setTimeout(() => document.getElementById(`${id}-errors`)?.focus(), 0);
        } else if (e instanceof ApiError && e.status === 401) {
          setError('Session expirée : reconnectez-vous, votre saisie est conservée.');
        } else {
          setError(e instanceof Error ? e.message : 'Enregistrement impossible.');
        }
      } finally {
        savingRef.current = false;
        setSaving(false);
        const next = pendingRef.current;
        pendingRef.current = null;
        if (next) void saveRef.current(next);
      }
    },
    [addressFollows, id, me.id, onSaved, target.dossierId, target.formKey, target.kind],
  );

  const saveRef = useRef(save);
  saveRef.current = save;

  const onChange = useCallback(
    (event: IChangeEvent) => {
      const next = (event.formData ?? {}) as Json;
      // rjsf reports the form's initial state too: only a real change is one
      if (!dirtyRef.current && JSON.stringify(next) === JSON.stringify(dataRef.current)) return;
      dataRef.current = next;
      if (!dirtyRef.current) {
        dirtyRef.current = true;
        setDirty(true);
      }
      window.clearTimeout(localTimer.current);
      localTimer.current = window.setTimeout(() => writeDraft(me.id, scopeRef.current, dataRef.current), LOCAL_SAVE_MS);
      window.clearTimeout(serverTimer.current);
      serverTimer.current = window.setTimeout(() => void save('draft'), SERVER_AUTOSAVE_MS);
    },
    [me.id, save],
  );

  useEffect(
    () => () => {
      window.clearTimeout(localTimer.current);
      window.clearTimeout(serverTimer.current);
      if (dirtyRef.current) writeDraft(me.id, scopeRef.current, dataRef.current);
    },
    [me.id],
  );

  // back from an expired session: save what waited
  useEffect(() => {
    if (!expired && dirtyRef.current && serverRef.current?.status !== 'final') serverTimer.current = window.setTimeout(() => void save('draft'), 500);
  }, [expired, save]);

  const discardLocal = () => {
    clearDraft(me.id, scopeRef.current);
    dataRef.current = initialData;
    rerender((n) => n + 1);
    dirtyRef.current = false;
    setDirty(false);
    setMessage(null);
  };

  const isFinal = serverRef.current?.status === 'final';
  return (
    <div className="editor">
      {issues.length > 0 && (
        <div id={`${id}-errors`} className="error-summary" role="alert" tabIndex={-1}>
          <h2>{error ?? 'Certaines valeurs sont invalides.'}</h2>
          <ul>
            {issues.map((issue) => (
              <li key={`${issue.path}|${issue.message}`}>
                <a
                  href={`#${fieldDomId(issue.path)}`}
                  onClick={(e) => {
                    const field = document.getElementById(fieldDomId(issue.path)) ?? document.querySelector<HTMLElement>(`[id^="${fieldDomId(issue.path)}"]`);
                    if (field) {
                      e.preventDefault();
                      field.focus();
                    }
                  }}
                >
                  {fieldLabel(schema, issue.path)}
                </a>{' '}
                : {issue.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      {error && issues.length === 0 && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <MemoForm schema={rjsfSchema} uiSchema={rjsfUi} formData={dataRef.current} extraErrors={extraErrors} readOnly={readOnly} onChange={onChange} dossierId={target.dossierId} />
      {!readOnly && (
        <div className="form-actions">
          <p className="status" aria-live="polite">
            {saving ? 'Enregistrement…' : (message ?? (dirty ? 'Modifications non enregistrées.' : ''))}
          </p>
          {restored && (
            <button type="button" onClick={discardLocal}>
              Abandonner la saisie restaurée
            </button>
          )}
          {!isFinal && (
            <button type="button" onClick={() => void save('draft')} disabled={saving}>
              Enregistrer le brouillon
            </button>
          )}
          <button type="button" className="primary" onClick={() => void save('final')} disabled={saving}>
            {isFinal ? 'Enregistrer une nouvelle révision' : 'Valider la saisie'}
          </button>
        </div>
      )}
    </div>
  );
}
