import { useEffect, useId, useMemo, useState } from 'react';
import { get, query } from '../api/client';
import type { Dossier, DossierList, EffectiveArtefact, FormFeed } from '../api/types';
import { Link, navigate } from '../app/router';
import { LoadStatus } from '../app/Status';
import { personName } from '../app/labels';
import { useLoad } from '../app/useLoad';
import { useMe } from '../session/session';
import { UnitSelect, useUnits } from './unit-choice';
import { addDays, dayLabel, isoDay, mondayOf } from './week';

/** The pack's form for one event of the agenda. */
export const AGENDA_FORM = 'agenda-evenement';

interface EventData {
  titre?: string;
  type_evenement?: string;
  date_evenement?: string;
  heure_debut?: string;
  heure_fin?: string;
  lieu?: string;
}

const EMPTY: FormFeed = { items: [], nextCursor: null };

/** The events of one week, day by day, then by start time. */
function WeekEvents({ week, feed, dossierId, typeLabels }: { week: string; feed: FormFeed | null; dossierId?: string; typeLabels: Record<string, string> }) {
  const days = Array.from({ length: 7 }, (_, i) => addDays(week, i));
  const events = (feed?.items ?? [])
    .filter((e) => !dossierId || e.dossierId === dossierId)
    .map((e) => ({ ...e, event: e.data as EventData }))
    .filter((e) => e.event.date_evenement && days.includes(e.event.date_evenement))
    .sort((a, b) => `${a.event.date_evenement} ${a.event.heure_debut ?? ''}`.localeCompare(`${b.event.date_evenement} ${b.event.heure_debut ?? ''}`));
  if (feed && events.length === 0) return <p className="muted">Aucun évènement cette semaine.</p>;
  return (
    <>
      {days.map((day) => {
        const today = events.filter((e) => e.event.date_evenement === day);
        if (today.length === 0) return null;
        return (
          <section key={day} className="agenda-day" aria-label={dayLabel.format(new Date(`${day}T00:00:00Z`))}>
            <h3>{dayLabel.format(new Date(`${day}T00:00:00Z`))}</h3>
            <ul className="plain agenda">
              {today.map((e) => (
                <li key={e.id}>
                  <strong>
                    {e.event.heure_debut ?? ''}
                    {e.event.heure_fin ? `–${e.event.heure_fin}` : ''}
                  </strong>{' '}
                  <Link href={`/saisies/${e.id}`}>{e.event.titre ?? 'Évènement'}</Link>
                  {e.event.type_evenement && <span className="badge">{typeLabels[e.event.type_evenement] ?? e.event.type_evenement}</span>}
                  {e.event.lieu && ` — ${e.event.lieu}`}
                  {!dossierId && (
                    <>
                      {' '}
                      (<Link href={`/dossiers/${e.dossierId}/agenda`}>{e.dossierName}</Link>)
                    </>
                  )}
                  {e.status === 'draft' && <em> (brouillon)</em>}
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </>
  );
}

function useWeek(path: string) {
  const params = new URLSearchParams(path.split('?')[1] ?? '');
  return { week: mondayOf(params.get('semaine') ?? isoDay(new Date())), params };
}

function useTypeLabels(establishmentId: string | null | undefined): Record<string, string> {
  const effective = useLoad(() => (establishmentId ? get<EffectiveArtefact>(`/api/metadata/forms/${AGENDA_FORM}/effective?establishment=${establishmentId}`) : Promise.resolve(null)), [establishmentId]);
  const node = (effective.data?.content.schema.properties as Record<string, { 'x-cordee-enumLabels'?: Record<string, string> }> | undefined)?.type_evenement;
  return node?.['x-cordee-enumLabels'] ?? {};
}

function WeekNav({ week, base }: { week: string; base: string }) {
  const go = (n: number) => navigate(`${base}${base.includes('?') ? '&' : '?'}semaine=${addDays(week, 7 * n)}`, true);
  return (
    <div className="filters">
      <button type="button" onClick={() => go(-1)}>
        ← Semaine précédente
      </button>
      <button type="button" onClick={() => go(1)}>
        Semaine suivante →
      </button>
    </div>
  );
}

/**
 * A child's agenda for a week. The events are the dossier's `agenda-evenement` submissions the user
 * may read (the feed of the child's unit, or establishment when not in a unit).
 */
export function DossierAgendaPage({ dossierId, path }: { dossierId: string; path: string }) {
  const id = useId();
  const { week } = useWeek(path);
  const dossier = useLoad(() => get<Dossier>(`/api/dossiers/${dossierId}`), [dossierId]);
  const d = dossier.data;
  const feed = useLoad(
    () => (d ? get<FormFeed>(`/api/submissions${query({ form: AGENDA_FORM, ...(d.unitId ? { unit: d.unitId } : { establishment: d.establishmentId }), limit: 200 })}`) : Promise.resolve(EMPTY)),
    [d?.unitId, d?.establishmentId],
  );
  const typeLabels = useTypeLabels(d?.establishmentId);
  if (!d) return <LoadStatus loaded={dossier} what="Dossier inaccessible" />;
  return (
    <section aria-labelledby={`${id}-h`}>
      <p>
        <Link href={`/dossiers/${d.id}`}>← Dossier de {personName(d.identity)}</Link>
      </p>
      <h1 id={`${id}-h`}>
        Agenda de {personName(d.identity)} — semaine du {dayLabel.format(new Date(`${week}T00:00:00Z`))}
      </h1>
      <WeekNav week={week} base={`/dossiers/${d.id}/agenda`} />
      <p>
        <Link className="button" href={`/dossiers/${d.id}/saisir/form/${AGENDA_FORM}`}>
          Nouvel évènement
        </Link>
      </p>
      <LoadStatus loaded={feed} what="Agenda indisponible" />
      <WeekEvents week={week} feed={feed.data} dossierId={d.id} typeLabels={typeLabels} />
    </section>
  );
}

/** The agenda of the user's unit for a week: every child's events, a new event for a chosen child. */
export function UnitAgendaPage({ path }: { path: string }) {
  const me = useMe();
  const id = useId();
  const { week, params } = useWeek(path);
  const { units, defaultUnit } = useUnits();
  const [unit, setUnit] = useState(params.get('unite') ?? '');
  const [child, setChild] = useState('');
  useEffect(() => {
    if (!unit && defaultUnit) setUnit(defaultUnit);
  }, [unit, defaultUnit]);
  const children = useLoad(() => (unit ? get<DossierList>(`/api/dossiers${query({ unit, status: 'admitted', limit: 100 })}`) : Promise.resolve({ items: [], nextCursor: null })), [unit]);
  const feed = useLoad(() => (unit ? get<FormFeed>(`/api/submissions${query({ form: AGENDA_FORM, unit, limit: 200 })}`) : Promise.resolve(EMPTY)), [unit]);
  const typeLabels = useTypeLabels(me.currentEstablishmentId);
  const base = useMemo(() => `/agenda${query({ unite: unit })}`, [unit]);
  return (
    <section aria-labelledby={`${id}-h`}>
      <h1 id={`${id}-h`}>Agenda de l’unité — semaine du {dayLabel.format(new Date(`${week}T00:00:00Z`))}</h1>
      <div className="filters">
        <UnitSelect units={units} value={unit} onChange={setUnit} />
      </div>
      <WeekNav week={week} base={base} />
      <div className="filters">
        <div className="field">
          <label htmlFor={`${id}-child`}>Enfant concerné</label>
          <select id={`${id}-child`} value={child} onChange={(e) => setChild(e.target.value)}>
            <option value="">Choisir un enfant…</option>
            {children.data?.items.map((c) => (
              <option key={c.id} value={c.id}>
                {personName(c)}
              </option>
            ))}
          </select>
        </div>
        {child && (
          <Link className="button" href={`/dossiers/${child}/saisir/form/${AGENDA_FORM}`}>
            Nouvel évènement
          </Link>
        )}
      </div>
      <LoadStatus loaded={feed} what="Agenda indisponible" />
      <WeekEvents week={week} feed={feed.data} typeLabels={typeLabels} />
    </section>
  );
}
