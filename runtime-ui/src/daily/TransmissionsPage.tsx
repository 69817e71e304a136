import { useCallback, useEffect, useId, useState } from 'react';
import { get, query } from '../api/client';
import type { DossierList, EffectiveArtefact, FormFeed } from '../api/types';
import { Link } from '../app/router';
import { LoadStatus } from '../app/Status';
import { formatDateTime, personName } from '../app/labels';
import { useLoad } from '../app/useLoad';
import { SubmissionEditor } from '../forms/SubmissionEditor';
import { useMe } from '../session/session';
import { MarkReadButton, ReadersDisclosure } from './read-receipts';
import { UnitSelect, useUnits } from './unit-choice';

/** The pack's form for daily transmissions. */
export const TRANSMISSION_FORM = 'transmission';

type Labels = Record<string, Record<string, string>>;

function labelsOf(effective: EffectiveArtefact | null): Labels {
  const props = (effective?.content.schema.properties ?? {}) as Record<string, { 'x-cordee-enumLabels'?: Record<string, string> }>;
  return Object.fromEntries(Object.entries(props).map(([k, v]) => [k, v['x-cordee-enumLabels'] ?? {}]));
}

/** Write and read the unit's transmissions; those not read yet stand out, each acknowledged with a click. */
export function TransmissionsPage() {
  const me = useMe();
  const id = useId();
  const { units, defaultUnit } = useUnits();
  const [unit, setUnit] = useState('');
  const [dossierId, setDossierId] = useState('');
  const [written, setWritten] = useState(0);
  const [unreadOnly, setUnreadOnly] = useState(false);
  /** Transmissions marked read on this page since the feed was loaded. */
  const [readHere, setReadHere] = useState<ReadonlySet<string>>(new Set());
  useEffect(() => {
    if (!unit && defaultUnit) setUnit(defaultUnit);
  }, [unit, defaultUnit]);
  const children = useLoad(() => (unit ? get<DossierList>(`/api/dossiers${query({ unit, status: 'admitted', limit: 100 })}`) : Promise.resolve({ items: [], nextCursor: null })), [unit]);
  const feed = useLoad(
    () => (unit ? get<FormFeed>(`/api/submissions${query({ form: TRANSMISSION_FORM, unit, unread: unreadOnly ? 'true' : undefined, limit: 50 })}`) : Promise.resolve({ items: [], nextCursor: null })),
    [unit, written, unreadOnly],
  );
  const effective = useLoad(
    () => (me.currentEstablishmentId ? get<EffectiveArtefact>(`/api/metadata/forms/${TRANSMISSION_FORM}/effective?establishment=${me.currentEstablishmentId}`) : Promise.reject(new Error('Aucun établissement courant.'))),
    [me.currentEstablishmentId],
  );
  const labels = labelsOf(effective.data);
  const onSaved = useCallback((_s: unknown, final: boolean) => {
    if (final) {
      setDossierId('');
      setWritten((w) => w + 1);
    }
  }, []);

  return (
    <section aria-labelledby={`${id}-h`}>
      <h1 id={`${id}-h`}>Transmissions</h1>
      <div className="filters">
        <UnitSelect units={units} value={unit} onChange={setUnit} />
        <div className="field">
          <label>
            <input type="checkbox" checked={unreadOnly} onChange={(e) => setUnreadOnly(e.target.checked)} /> Non lues seulement
          </label>
        </div>
      </div>
      <section className="card" aria-labelledby={`${id}-write`}>
        <h2 id={`${id}-write`}>Écrire une transmission</h2>
        <div className="field">
          <label htmlFor={`${id}-child`}>Enfant concerné</label>
          <select id={`${id}-child`} value={dossierId} onChange={(e) => setDossierId(e.target.value)}>
            <option value="">Choisir un enfant…</option>
            {children.data?.items.map((d) => (
              <option key={d.id} value={d.id}>
                {personName(d)}
              </option>
            ))}
          </select>
        </div>
        {dossierId && effective.data && (
          <SubmissionEditor
            key={`${dossierId}-${written}`}
            target={{ dossierId, kind: 'form', formKey: TRANSMISSION_FORM }}
            schema={effective.data.content.schema}
            uiSchema={effective.data.content.uiSchema ?? {}}
            initialData={{ date_heure: new Date().toISOString().slice(0, 19) + 'Z' }}
            readOnly={false}
            onSaved={onSaved}
          />
        )}
        <LoadStatus loaded={effective} what="Formulaire de transmission indisponible" />
      </section>
      <section className="card" aria-labelledby={`${id}-read`}>
        <h2 id={`${id}-read`}>Dernières transmissions de l’unité</h2>
        <LoadStatus loaded={feed} what="Transmissions indisponibles" />
        {feed.data?.items.length === 0 && <p className="muted">{unreadOnly ? 'Aucune transmission non lue.' : 'Aucune transmission.'}</p>}
        <ul className="feed">
          {feed.data?.items.map((t) => {
            const data = t.data as { date_heure?: string; categorie?: string; texte?: string; prioritaire?: boolean };
            const read = t.readByMe || readHere.has(t.id);
            return (
              <li key={t.id} className={[data.prioritaire ? 'priority' : '', read ? '' : 'unread'].join(' ').trim() || undefined}>
                <p className="feed-head">
                  <time dateTime={data.date_heure ?? t.createdAt}>{formatDateTime(data.date_heure ?? t.createdAt)}</time> —{' '}
                  <Link href={`/dossiers/${t.dossierId}`}>{t.dossierName}</Link>
                  {data.categorie && <span className="badge">{labels.categorie?.[data.categorie] ?? data.categorie}</span>}
                  {data.prioritaire && <strong> Prioritaire</strong>}
                  {t.status === 'draft' && <em> (brouillon)</em>}
                  {!read && <span className="badge unread-badge">Non lue</span>}
                </p>
                <p className="feed-text">{data.texte ?? <em>Contenu non visible avec vos habilitations.</em>}</p>
                <p className="muted">{t.authorName ?? ''}</p>
                <div className="feed-actions">
                  {!read && <MarkReadButton submissionId={t.id} onRead={() => setReadHere((ids) => new Set(ids).add(t.id))} />}
                  {t.readers !== null && <ReadersDisclosure submissionId={t.id} count={t.readers} />}
                </div>
              </li>
            );
          })}
        </ul>
      </section>
    </section>
  );
}
