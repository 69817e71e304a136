import { useId } from 'react';
import { get } from '../api/client';
import type { Dossier, DossierList, SubmissionList } from '../api/types';
import { Link } from '../app/router';
import { LoadStatus } from '../app/Status';
import { formatDateTime, formatDay, personName } from '../app/labels';
import { useLoad } from '../app/useLoad';
import { AccessLogPage } from './AccessLogPage';

function OwnDossier({ dossierId }: { dossierId: string }) {
  const id = useId();
  const dossier = useLoad(() => get<Dossier>(`/api/dossiers/${dossierId}`), [dossierId]);
  const documents = useLoad(() => get<SubmissionList>(`/api/dossiers/${dossierId}/submissions?limit=100`), [dossierId]);
  if (!dossier.data) return <LoadStatus loaded={dossier} what="Dossier inaccessible" />;
  const d = dossier.data;
  return (
    <article aria-labelledby={id} className="portal-dossier">
      <h2 id={id}>{personName(d.identity)}</h2>
      <div className="grid-2">
        <section className="card" aria-label="Mon accueil">
          <h3>Mon accueil</h3>
          <p>Né(e) le {formatDay(d.identity.birthDate)}.</p>
          {d.currentPlacement ? (
            <p>
              Accueilli(e) depuis le {formatDay(d.currentPlacement.startDate)} ({d.currentPlacement.legalBasisLabel}).
            </p>
          ) : (
            <p>Aucun accueil en cours.</p>
          )}
          {d.careTeam.filter((m) => m.active).length > 0 && (
            <>
              <h3>Les professionnels qui m’accompagnent</h3>
              <ul className="plain">
                {d.careTeam
                  .filter((m) => m.active)
                  .map((m) => (
                    <li key={m.id}>
                      {m.displayName} — {m.roleLabel}
                    </li>
                  ))}
              </ul>
            </>
          )}
        </section>
        <section className="card" aria-label="Documents partagés">
          <h3>Documents partagés avec moi</h3>
          <LoadStatus loaded={documents} what="Documents indisponibles" />
          {documents.data && documents.data.items.length === 0 && <p>Aucun document partagé pour le moment.</p>}
          <ul className="plain">
            {documents.data?.items.map((s) => (
              <li key={s.id}>
                <Link href={`/saisies/${s.id}`}>{s.title ?? s.formKey}</Link> <span className="muted">du {formatDateTime(s.createdAt)}</span>
              </li>
            ))}
          </ul>
        </section>
      </div>
      <AccessLogPage dossierId={d.id} />
    </article>
  );
}

/** The usager portal: a young person or legal representative reads what the policy lets them read in their own dossiers. */
export function PortalPage() {
  const own = useLoad(() => get<DossierList>('/api/dossiers?limit=20'), []);
  return (
    <section>
      <h1>Mon dossier</h1>
      <p className="muted">Vous voyez ici ce que l’établissement partage avec vous, et qui a consulté votre dossier.</p>
      <LoadStatus loaded={own} what="Dossier inaccessible" />
      {own.data?.items.length === 0 && <p>Aucun dossier n’est rattaché à votre compte.</p>}
      {own.data?.items.map((d) => <OwnDossier key={d.id} dossierId={d.id} />)}
    </section>
  );
}
