import { useEffect, useId, useMemo, useState } from 'react';
import { get, query } from '../api/client';
import type { DossierList, EstablishmentTree } from '../api/types';
import { Link, navigate } from '../app/router';
import { LoadStatus } from '../app/Status';
import { ageOf, dossierStatusLabels, formatDay, identityStatusLabels, personName } from '../app/labels';
import { useLoad } from '../app/useLoad';
import { useMe } from '../session/session';

/** Search as you type (the server ignores accents and case), with establishment, unit and status filters kept in the address. */
export function SearchPage({ path }: { path: string }) {
  const me = useMe();
  const id = useId();
  const params = new URLSearchParams(path.split('?')[1] ?? '');
  const [q, setQ] = useState(params.get('q') ?? '');
  const [debounced, setDebounced] = useState(q);
  const establishment = params.get('establishment') ?? me.currentEstablishmentId ?? '';
  const unit = params.get('unit') ?? '';
  const status = params.get('status') ?? '';

  useEffect(() => {
    const timer = window.setTimeout(() => setDebounced(q), 200);
    return () => window.clearTimeout(timer);
  }, [q]);

  const setFilter = (changes: Record<string, string>) => {
    const next = { q: debounced, establishment, unit, status, ...changes };
    navigate(`/${query(next)}`, true);
  };
  useEffect(() => {
    if (debounced !== (params.get('q') ?? '')) setFilter({ q: debounced });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [debounced]);

  const tree = useLoad(() => get<EstablishmentTree>('/api/establishments'), []);
  const establishments = useMemo(() => tree.data?.items.flatMap((o) => o.establishments) ?? [], [tree.data]);
  const units = establishments.find((e) => e.id === establishment)?.units ?? [];
  const results = useLoad(() => get<DossierList>(`/api/dossiers${query({ q: debounced, establishment, unit, status, limit: 50 })}`), [debounced, establishment, unit, status]);
  const unitName = (unitId: string | null) => units.find((u) => u.id === unitId)?.name ?? '';

  return (
    <section aria-labelledby={`${id}-h`}>
      <h1 id={`${id}-h`}>Dossiers</h1>
      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <div className="field grow">
          <label htmlFor={`${id}-q`}>Rechercher un enfant (nom ou prénom, accents facultatifs)</label>
          <input id={`${id}-q`} type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder="ex. : heloise, lefevre" autoComplete="off" />
        </div>
        <div className="field">
          <label htmlFor={`${id}-e`}>Établissement</label>
          <select id={`${id}-e`} value={establishment} onChange={(e) => setFilter({ establishment: e.target.value, unit: '' })}>
            <option value="">Tous</option>
            {establishments.map((e) => (
              <option key={e.id} value={e.id}>
                {e.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-u`}>Unité</label>
          <select id={`${id}-u`} value={unit} onChange={(e) => setFilter({ unit: e.target.value })} disabled={units.length === 0}>
            <option value="">Toutes</option>
            {units.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-s`}>Situation</label>
          <select id={`${id}-s`} value={status} onChange={(e) => setFilter({ status: e.target.value })}>
            <option value="">Toutes</option>
            {Object.entries(dossierStatusLabels).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
      </form>
      <LoadStatus loaded={results} what="Recherche impossible" />
      {results.data && (
        <>
          <p aria-live="polite" className="muted">
            {results.data.items.length === 0 ? 'Aucun dossier ne correspond.' : `${results.data.items.length}${results.data.nextCursor ? ' premiers' : ''} dossier(s)`}
          </p>
          <table className="results" aria-busy={results.loading}>
            <caption className="visually-hidden">Dossiers trouvés</caption>
            <thead>
              <tr>
                <th scope="col">Nom</th>
                <th scope="col">Naissance</th>
                <th scope="col">Situation</th>
                <th scope="col">Identité</th>
                <th scope="col">Unité</th>
              </tr>
            </thead>
            <tbody>
              {results.data.items.map((d) => (
                <tr key={d.id}>
                  <td>
                    <Link href={`/dossiers/${d.id}`}>{personName(d)}</Link>
                  </td>
                  <td>
                    {formatDay(d.birthDate)} ({ageOf(d.birthDate)} ans)
                  </td>
                  <td>{dossierStatusLabels[d.status]}</td>
                  <td>{identityStatusLabels[d.identityStatus]}</td>
                  <td>{unitName(d.unitId)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
