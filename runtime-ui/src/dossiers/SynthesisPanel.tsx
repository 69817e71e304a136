import { useId } from 'react';
import type { DossierSynthesis } from '../api/types';
import { LoadStatus } from '../app/Status';
import { formatDateTime, formatDay } from '../app/labels';
import type { Loaded } from '../app/useLoad';
import { Link } from '../app/router';

/** The fiche de synthèse: placement, referents, latest grid results and alerts. */
export function SynthesisPanel({ loaded }: { loaded: Loaded<DossierSynthesis> }) {
  const id = useId();
  const s = loaded.data;
  return (
    <section aria-labelledby={id} className="card">
      <h2 id={id}>Fiche de synthèse</h2>
      {!s ? (
        <LoadStatus loaded={loaded} what="Fiche de synthèse indisponible" />
      ) : (
        <>
          <p>
            {s.displayName}, {s.ageYears} ans — {s.statusLabel}. {s.identityStatusLabel}.
            {s.placement && ` Accueilli(e) depuis le ${formatDay(s.placement.startDate)} (${s.placement.legalBasisLabel}), ${s.placement.establishmentName}${s.placement.unitName ? `, ${s.placement.unitName}` : ''}.`}
          </p>
          {s.referents.length > 0 && <p>Équipe : {s.referents.map((r) => `${r.displayName} (${r.roleLabel})`).join(', ')}.</p>}
          {s.grids.length === 0 ? (
            <p className="muted">Aucune grille définitive.</p>
          ) : (
            s.grids.map((g) => (
              <div key={g.submissionId} className="grid-summary">
                <h3>
                  <Link href={`/saisies/${g.submissionId}`}>{g.title ?? g.formKey}</Link> <span className="muted">du {formatDateTime(g.capturedAt)}</span>
                </h3>
                <ul className="plain inline">
                  {g.scores.map((sc) => (
                    <li key={sc.id}>
                      {sc.id.replace(/_/g, ' ')} : <strong>{sc.value ?? 'non calculé'}</strong>
                      {sc.band && ` (${sc.band})`}
                    </li>
                  ))}
                </ul>
                {g.alerts.map((a) => (
                  <p key={a} className="alert" role="note">
                    ⚠ {a}
                  </p>
                ))}
              </div>
            ))
          )}
        </>
      )}
    </section>
  );
}
