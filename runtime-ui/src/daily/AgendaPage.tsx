import { useEffect, useId, useMemo, useState } from 'react';
import { get, query } from '../api/client';
import type { Dossier, DossierList, EffectiveArtefact, FormFeed } from '../api/types';
import { Link, navigate } from '../app/router';
import { LoadStatus } from '../app/Status';
import { personName } from '../app/labels';
import { type Loaded, useLoad } from '../app/useLoad';
import { useMayCreate } from '../dossiers/creatable';
import { useMe } from '../session/session';
import { AGENDA_FORM } from './agenda-event';
import { UnitSelect, useUnits } from './unit-choice';
import { addDays, dayLabel, mondayOf, today } from './week';

interface EventData {
  titre?: string;
  type_evenement?: string;
  date_evenement?: string;
  heure_debut?: string;
  heure_fin?: string;
  lieu?: string;
  statut?: string;
  participants?: Array<{ nom?: string; compte_id?: string }>;
}

type Scope = { scope: 'mine' } | { scope: 'unit'; unit: string } | { scope: 'dossier'; dossier: string };

/** The week's events of a scope, as the server lists them (period, scope and rules in SQL), tagged with the query they answer. */
interface WeekAgenda {
  query: string;
  feed: FormFeed;
}

function agendaQuery(scope: Scope | null, week: string): string | null {
  return scope ? `/api/agenda${query({ ...scope, from: week, to: addDays(week, 6), limit: 500 })}` : null;
}

/** Loads the agenda of a scope for a week; nothing is shown until the answer for that very week and scope is there. */
function useWeekAgenda(scope: Scope | null, week: string): { loaded: Loaded<WeekAgenda>; current: FormFeed | null } {
  const q = agendaQuery(scope, week);
  const loaded = useLoad(() => (q ? get<FormFeed>(q).then((feed) => ({ query: q, feed })) : new Promise<never>(() => undefined)), [q]);
  return { loaded, current: !loaded.loading && loaded.data?.query === q ? loaded.data.feed : null };
}

const statusLabels: Record<string, string> = { realise: 'a eu lieu', annule: 'annulé', reporte: 'reporté' };

/** The events of one week, day by day, in the order the server gives (day, then start time). */
function WeekEvents({ week, feed, showChild, typeLabels }: { week: string; feed: FormFeed | null; showChild: boolean; typeLabels: Record<string, string> }) {
  const me = useMe();
  if (!feed) return null;
  if (feed.items.length === 0) return <p className="muted">Aucun évènement cette semaine.</p>;
  const days = Array.from({ length: 7 }, (_, i) => addDays(week, i));
  const events = feed.items.map((e) => ({ ...e, event: e.data as EventData }));
  return (
    <div className="agenda-week">
      {days.map((day) => {
        const ofDay = events.filter((e) => e.event.date_evenement === day);
        if (ofDay.length === 0) return null;
        const label = dayLabel.format(new Date(`${day}T00:00:00Z`));
        return (
          <section key={day} className="agenda-day" aria-label={label}>
            <h2>{label}</h2>
            <ul className="plain agenda">
              {ofDay.map((e) => {
                const others = (e.event.participants ?? []).filter((p) => p.compte_id !== me.id && p.nom).map((p) => p.nom);
                return (
                  <li key={e.id}>
                    <strong>
                      {e.event.heure_debut ?? ''}
                      {e.event.heure_fin ? `–${e.event.heure_fin}` : ''}
                    </strong>{' '}
                    <Link href={`/saisies/${e.id}`}>{e.event.titre ?? 'Évènement'}</Link>
                    {e.event.type_evenement && <span className="badge">{typeLabels[e.event.type_evenement] ?? e.event.type_evenement}</span>}
                    {e.event.statut && statusLabels[e.event.statut] && <span className="badge">{statusLabels[e.event.statut]}</span>}
                    {e.event.lieu && ` — ${e.event.lieu}`}
                    {showChild && (
                      <>
                        {' '}
                        (<Link href={`/dossiers/${e.dossierId}/agenda?semaine=${week}`}>{e.dossierName}</Link>)
                      </>
                    )}
                    {e.status === 'draft' && <em> (brouillon)</em>}
                    {others.length > 0 && <span className="muted"> — avec {others.join(', ')}</span>}
                  </li>
                );
              })}
            </ul>
          </section>
        );
      })}
      {feed.nextCursor && <p className="muted">D’autres évènements existent cette semaine : consultez l’agenda d’une unité ou d’un enfant.</p>}
    </div>
  );
}

function useWeek(path: string) {
  const params = new URLSearchParams(path.split('?')[1] ?? '');
  return { week: mondayOf(params.get('semaine') ?? today()), params };
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

const weekTitle = (week: string) => `semaine du ${dayLabel.format(new Date(`${week}T00:00:00Z`))}`;

/** "Mon agenda": the week's events where the signed-in professional is a participant, in every dossier they may read. */
export function MyAgendaPage({ path }: { path: string }) {
  const me = useMe();
  const id = useId();
  const { week } = useWeek(path);
  const { loaded, current } = useWeekAgenda({ scope: 'mine' }, week);
  const typeLabels = useTypeLabels(me.currentEstablishmentId);
  return (
    <section aria-labelledby={`${id}-h`} aria-busy={current === null}>
      <h1 id={`${id}-h`}>Mon agenda — {weekTitle(week)}</h1>
      <p className="muted">Les évènements où vous êtes désigné·e comme participant·e, dans les dossiers que vous pouvez consulter.</p>
      <WeekNav week={week} base="/mon-agenda" />
      <LoadStatus loaded={loaded} what="Agenda indisponible" />
      <WeekEvents week={week} feed={current} showChild typeLabels={typeLabels} />
    </section>
  );
}

/** A child's agenda for a week: the dossier's events the user may read; a new one if they may write it. */
export function DossierAgendaPage({ dossierId, path }: { dossierId: string; path: string }) {
  const id = useId();
  const { week } = useWeek(path);
  const dossier = useLoad(() => get<Dossier>(`/api/dossiers/${dossierId}`), [dossierId]);
  const mayCreate = useMayCreate(dossierId, 'form', AGENDA_FORM);
  const { loaded, current } = useWeekAgenda({ scope: 'dossier', dossier: dossierId }, week);
  const d = dossier.data;
  const typeLabels = useTypeLabels(d?.establishmentId);
  if (!d) return <LoadStatus loaded={dossier} what="Dossier inaccessible" />;
  return (
    <section aria-labelledby={`${id}-h`} aria-busy={current === null}>
      <p>
        <Link href={`/dossiers/${d.id}`}>← Dossier de {personName(d.identity)}</Link>
      </p>
      <h1 id={`${id}-h`}>
        Agenda de {personName(d.identity)} — {weekTitle(week)}
      </h1>
      <WeekNav week={week} base={`/dossiers/${d.id}/agenda`} />
      {mayCreate && (
        <p>
          <Link className="button" href={`/dossiers/${d.id}/saisir/form/${AGENDA_FORM}`}>
            Nouvel évènement
          </Link>
        </p>
      )}
      <LoadStatus loaded={loaded} what="Agenda indisponible" />
      <WeekEvents week={week} feed={current} showChild={false} typeLabels={typeLabels} />
    </section>
  );
}

/** The agenda of the user's unit for a week: every child's events, a new event for a chosen child (if the user may write one). */
export function UnitAgendaPage({ path }: { path: string }) {
  const me = useMe();
  const id = useId();
  const { week, params } = useWeek(path);
  const { units, defaultUnit } = useUnits();
  const [unit, setUnit] = useState(params.get('unite') ?? '');
  const [child, setChild] = useState('');
  const mayCreate = useMayCreate(child || null, 'form', AGENDA_FORM);
  useEffect(() => {
    if (!unit && defaultUnit) setUnit(defaultUnit);
  }, [unit, defaultUnit]);
  const children = useLoad(() => (unit ? get<DossierList>(`/api/dossiers${query({ unit, status: 'admitted', limit: 100 })}`) : Promise.resolve({ items: [], nextCursor: null })), [unit]);
  const { loaded, current } = useWeekAgenda(unit ? { scope: 'unit', unit } : null, week);
  const typeLabels = useTypeLabels(me.currentEstablishmentId);
  const base = useMemo(() => `/agenda${query({ unite: unit })}`, [unit]);
  return (
    <section aria-labelledby={`${id}-h`} aria-busy={current === null}>
      <h1 id={`${id}-h`}>Agenda de l’unité — {weekTitle(week)}</h1>
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
        {child && mayCreate && (
          <Link className="button" href={`/dossiers/${child}/saisir/form/${AGENDA_FORM}`}>
            Nouvel évènement
          </Link>
        )}
      </div>
      <LoadStatus loaded={loaded} what="Agenda indisponible" />
      <WeekEvents week={week} feed={current} showChild typeLabels={typeLabels} />
    </section>
  );
}
