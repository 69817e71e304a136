import { useEffect, useId, useMemo, useState } from 'react';
import { ApiError, get, post, query } from '../api/client';
import type { DossierList, EffectiveArtefact, FormFeed } from '../api/types';
import { navigate } from '../app/router';
import { LoadStatus } from '../app/Status';
import { personName } from '../app/labels';
import { useLoad } from '../app/useLoad';
import { useMe } from '../session/session';
import { UnitSelect, useUnits } from './unit-choice';
import { addDays, dayLabel, mondayOf, today } from './week';

/** The pack's form for one child's presence on one day. */
export const PRESENCE_FORM = 'presence';

/** Presences and absences of a unit's children over a week: one select per child and day, saved at once. */
export function PresencesPage({ path }: { path: string }) {
  const me = useMe();
  const id = useId();
  const params = new URLSearchParams(path.split('?')[1] ?? '');
  const week = mondayOf(params.get('semaine') ?? today());
  const days = useMemo(() => Array.from({ length: 7 }, (_, i) => addDays(week, i)), [week]);
  const { units, defaultUnit } = useUnits();
  const [unit, setUnit] = useState(params.get('unite') ?? '');
  useEffect(() => {
    if (!unit && defaultUnit) setUnit(defaultUnit);
  }, [unit, defaultUnit]);
  const [saved, setSaved] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const children = useLoad(() => (unit ? get<DossierList>(`/api/dossiers${query({ unit, status: 'admitted', limit: 100 })}`) : Promise.resolve({ items: [], nextCursor: null })), [unit]);
  // presences are usually entered during their week; two weeks either side cover late entries
  const feed = useLoad(
    () => (unit ? get<FormFeed>(`/api/submissions${query({ form: PRESENCE_FORM, unit, createdFrom: addDays(week, -14), createdTo: addDays(week, 21), limit: 200 })}`) : Promise.resolve({ items: [], nextCursor: null })),
    [unit, week],
  );
  const effective = useLoad(
    () => (me.currentEstablishmentId ? get<EffectiveArtefact>(`/api/metadata/forms/${PRESENCE_FORM}/effective?establishment=${me.currentEstablishmentId}`) : Promise.reject(new Error('Aucun établissement courant.'))),
    [me.currentEstablishmentId],
  );
  const statusNode = (effective.data?.content.schema.properties as Record<string, { enum?: string[]; 'x-cordee-enumLabels'?: Record<string, string> }> | undefined)?.statut;
  const statuses = statusNode?.enum ?? [];
  const statusLabels = statusNode?.['x-cordee-enumLabels'] ?? {};
  const recorded = useMemo(() => {
    const map: Record<string, string> = {};
    // newest first: the first seen for a child and day is the latest
    for (const item of feed.data?.items ?? []) {
      const data = item.data as { jour?: string; statut?: string };
      const key = `${item.dossierId}|${data.jour}`;
      if (data.jour && data.statut && !(key in map)) map[key] = data.statut;
    }
    return { ...map, ...saved };
  }, [feed.data, saved]);

  const record = async (dossierId: string, jour: string, statut: string) => {
    setError(null);
    try {
      await post(`/api/dossiers/${dossierId}/submissions`, { form: PRESENCE_FORM, kind: 'form', status: 'final', data: { jour, statut } });
      setSaved((s) => ({ ...s, [`${dossierId}|${jour}`]: statut }));
    } catch (e) {
      setError(e instanceof ApiError && e.issues.length > 0 ? `${e.message} ${e.issues.map((i) => i.message).join(' ')}` : e instanceof Error ? e.message : 'Enregistrement impossible.');
    }
  };
  const goWeek = (n: number) => navigate(`/presences${query({ semaine: addDays(week, 7 * n), unite: unit })}`, true);

  return (
    <section aria-labelledby={`${id}-h`}>
      <h1 id={`${id}-h`}>Présences de la semaine du {dayLabel.format(new Date(`${week}T00:00:00Z`))}</h1>
      <div className="filters">
        <UnitSelect units={units} value={unit} onChange={setUnit} />
        <button type="button" onClick={() => goWeek(-1)}>
          ← Semaine précédente
        </button>
        <button type="button" onClick={() => goWeek(1)}>
          Semaine suivante →
        </button>
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <LoadStatus loaded={effective} what="Formulaire de présence indisponible" />
      <LoadStatus loaded={children} what="Enfants indisponibles" />
      <div className="table-scroll">
        <table className="presences">
          <caption className="visually-hidden">Présences par enfant et par jour</caption>
          <thead>
            <tr>
              <th scope="col">Enfant</th>
              {days.map((d) => (
                <th scope="col" key={d}>
                  {dayLabel.format(new Date(`${d}T00:00:00Z`))}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {children.data?.items.map((child) => (
              <tr key={child.id}>
                <th scope="row">{personName(child)}</th>
                {days.map((d) => {
                  const value = recorded[`${child.id}|${d}`] ?? '';
                  return (
                    <td key={d} className={value ? (value === 'present' ? 'present' : 'absent') : undefined}>
                      <select
                        aria-label={`${personName(child)}, ${dayLabel.format(new Date(`${d}T00:00:00Z`))}`}
                        value={value}
                        onChange={(e) => e.target.value && void record(child.id, d, e.target.value)}
                      >
                        <option value="">—</option>
                        {statuses.map((s) => (
                          <option key={s} value={s}>
                            {statusLabels[s] ?? s}
                          </option>
                        ))}
                      </select>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
