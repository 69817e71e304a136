import { useId } from 'react';
import type { Submission } from '../api/types';
import { formatDateTime } from '../app/labels';

/** The labels of a grid's scores and items (from its published content). */
export interface GridMeta {
  scores?: Array<{ id: string; label?: string }>;
  items?: Array<{ id: string; label?: string }>;
  itemAnswerPath?: string;
}

interface GridResult {
  items: Record<string, number | null>;
  scores: Record<string, number | null>;
  bands: Record<string, { label: string; level: string | null } | null>;
  alerts: Array<{ id: string; message: string; level: string | null }>;
  evaluated: number;
  total: number;
  completeness: number;
}

interface Change {
  before: number | null;
  after: number | null;
  delta: number | null;
}

const signed = (n: number) => (n > 0 ? `+${n}` : String(n));

/** Scores, bands and alerts computed by the server, and how they moved since the previous final grid. */
export function GridResults({ submission, meta }: { submission: Pick<Submission, 'gridResult' | 'evolution' | 'status'>; meta: GridMeta }) {
  const id = useId();
  const result = submission.gridResult as GridResult | null;
  if (!result) return null;
  const labelOf = (scoreId: string) => meta.scores?.find((s) => s.id === scoreId)?.label ?? scoreId;
  const itemLabel = (itemId: string) => meta.items?.find((s) => s.id === itemId)?.label ?? itemId;
  const evolution = submission.evolution as (null | { previousCapturedAt: string; scores: Record<string, Change>; items: Record<string, Change>; bandChanges: Array<{ score: string; before: string | null; after: string | null }> });
  const movedItems = evolution ? Object.entries(evolution.items).filter(([, c]) => c.delta !== null && c.delta !== 0) : [];
  return (
    <section aria-labelledby={id} className="card grid-results">
      <h2 id={id}>Résultats de la grille{submission.status === 'draft' ? ' (brouillon)' : ''}</h2>
      <table>
        <caption className="visually-hidden">Scores calculés</caption>
        <thead>
          <tr>
            <th scope="col">Score</th>
            <th scope="col">Valeur</th>
            <th scope="col">Seuil</th>
            {evolution && <th scope="col">Évolution</th>}
          </tr>
        </thead>
        <tbody>
          {Object.entries(result.scores).map(([scoreId, value]) => {
            const band = result.bands[scoreId];
            const change = evolution?.scores[scoreId];
            return (
              <tr key={scoreId} data-score={scoreId}>
                <th scope="row">{labelOf(scoreId)}</th>
                <td className="score-value">{value ?? 'non calculé'}</td>
                <td>{band ? <span className={`badge level-${band.level ?? 'none'}`}>{band.label}</span> : '—'}</td>
                {evolution && <td>{change && change.delta !== null ? signed(change.delta) : '—'}</td>}
              </tr>
            );
          })}
        </tbody>
      </table>
      <p>
        Besoins évalués : {result.evaluated} sur {result.total} ({Math.round(result.completeness * 100)} %).
      </p>
      {result.alerts.length > 0 && (
        <ul className="alerts">
          {result.alerts.map((a) => (
            <li key={a.id} className={`alert level-${a.level ?? 'none'}`}>
              ⚠ {a.message}
            </li>
          ))}
        </ul>
      )}
      {evolution && (
        <div className="evolution">
          <h3>Depuis la grille du {formatDateTime(evolution.previousCapturedAt)}</h3>
          {evolution.bandChanges.map((b) => (
            <p key={b.score}>
              {labelOf(b.score)} : {b.before ?? '—'} → {b.after ?? '—'}
            </p>
          ))}
          {movedItems.length === 0 ? (
            <p>Aucun item n’a changé de niveau.</p>
          ) : (
            <ul className="plain">
              {movedItems.map(([itemId, c]) => (
                <li key={itemId}>
                  {itemLabel(itemId)} : {c.before ?? '—'} → {c.after ?? '—'} ({signed(c.delta ?? 0)})
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}
