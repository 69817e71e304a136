import { useId } from 'react';
import { get } from '../api/client';
import type { Dossier, DossierSynthesis } from '../api/types';
import { Link } from '../app/router';
import { LoadStatus } from '../app/Status';
import { ageOf, dossierStatusLabels, formatDay, personName, sexLabels } from '../app/labels';
import { useLoad } from '../app/useLoad';
import { DocumentsPanel } from './DocumentsPanel';
import { PortalAccountsPanel } from './PortalAccountsPanel';
import { SubmissionsPanel } from './SubmissionsPanel';
import { SynthesisPanel } from './SynthesisPanel';
import { TimelinePanel } from './TimelinePanel';

function IdentityCard({ dossier }: { dossier: Dossier }) {
  const i = dossier.identity;
  return (
    <dl className="facts">
      <dt>Nom de naissance</dt>
      <dd>{i.birthName.toUpperCase()}</dd>
      {i.usedName && (
        <>
          <dt>Nom d’usage</dt>
          <dd>{i.usedName.toUpperCase()}</dd>
        </>
      )}
      <dt>Prénom(s)</dt>
      <dd>{i.firstNames}</dd>
      <dt>Naissance</dt>
      <dd>
        {formatDay(i.birthDate)} ({ageOf(i.birthDate)} ans), {sexLabels[i.sex]}
      </dd>
      <dt>Statut de l’identité</dt>
      <dd>
        <span className={`badge identity-${dossier.identityStatus}`}>{dossier.identityStatusLabel}</span>
      </dd>
      {dossier.ins.matricule && (
        <>
          <dt>INS</dt>
          <dd>{dossier.ins.matricule}</dd>
        </>
      )}
      <dt>Situation</dt>
      <dd>{dossierStatusLabels[dossier.status]}</dd>
    </dl>
  );
}

/** The dossier of a child: identity, placement, care team, fiche de synthèse, timeline, submissions by form. */
export function DossierPage({ dossierId }: { dossierId: string }) {
  const id = useId();
  const dossier = useLoad(() => get<Dossier>(`/api/dossiers/${dossierId}`), [dossierId]);
  const synthesis = useLoad(() => get<DossierSynthesis>(`/api/dossiers/${dossierId}/synthesis`), [dossierId]);
  if (!dossier.data) return <LoadStatus loaded={dossier} what="Dossier inaccessible" />;
  const d = dossier.data;
  const placement = d.currentPlacement;
  const creatable = synthesis.data?.actions.creatableForms ?? [];
  return (
    <article aria-labelledby={`${id}-h`} className="dossier">
      <p>
        <Link href="/">← Retour à la recherche</Link>
      </p>
      <h1 id={`${id}-h`}>
        {personName(d.identity)} <span className="muted">— dossier n° {d.number}</span>
      </h1>
      <div className="grid-2">
        <section aria-labelledby={`${id}-identity`} className="card">
          <h2 id={`${id}-identity`}>Identité</h2>
          <IdentityCard dossier={d} />
        </section>
        <section aria-labelledby={`${id}-placement`} className="card">
          <h2 id={`${id}-placement`}>Placement en cours</h2>
          {placement ? (
            <dl className="facts">
              <dt>Depuis le</dt>
              <dd>{formatDay(placement.startDate)}</dd>
              <dt>Jusqu’au</dt>
              <dd>{placement.endDate ? formatDay(placement.endDate) : 'sans date de fin'}</dd>
              <dt>Fondement</dt>
              <dd>{placement.legalBasisLabel}</dd>
              {placement.decisionReference && (
                <>
                  <dt>Décision</dt>
                  <dd>{placement.decisionReference}</dd>
                </>
              )}
            </dl>
          ) : (
            <p>Aucun placement en cours visible.</p>
          )}
          <h2>Équipe de prise en charge</h2>
          {d.careTeam.filter((m) => m.active).length === 0 ? (
            <p>Aucun membre visible.</p>
          ) : (
            <ul className="plain">
              {d.careTeam
                .filter((m) => m.active)
                .map((m) => (
                  <li key={m.id}>
                    <strong>{m.displayName}</strong> — {m.roleLabel} (depuis le {formatDay(m.startDate)})
                  </li>
                ))}
            </ul>
          )}
        </section>
      </div>
      <SynthesisPanel loaded={synthesis} />
      {creatable.length > 0 && (
        <section aria-labelledby={`${id}-new`} className="card">
          <h2 id={`${id}-new`}>Nouvelle saisie</h2>
          <ul className="actions">
            {creatable.map((f) => (
              <li key={`${f.kind}:${f.key}`}>
                <Link className="button" href={`/dossiers/${d.id}/saisir/${f.kind}/${f.key}`}>
                  {f.title ?? f.key}
                </Link>
              </li>
            ))}
          </ul>
        </section>
      )}
      <SubmissionsPanel dossierId={d.id} />
      <DocumentsPanel dossierId={d.id} />
      {synthesis.data?.actions.portalAccounts.list && <PortalAccountsPanel dossierId={d.id} actions={synthesis.data.actions.portalAccounts} />}
      <TimelinePanel dossierId={d.id} />
      <p>
        <Link href={`/dossiers/${d.id}/agenda`}>Agenda de l’enfant</Link>
      </p>
      {/* the page shows only to those who may read the dossier: exactly who may write about the child */}
      <p>
        <Link className="button" href={`/messages/nouveau?dossier=${d.id}`}>
          Envoyer un message
        </Link>
      </p>
      {synthesis.data?.actions.readAccessLog && (
        <p>
          <Link href={`/dossiers/${d.id}/acces`}>Journal des accès à ce dossier</Link>
        </p>
      )}
    </article>
  );
}
