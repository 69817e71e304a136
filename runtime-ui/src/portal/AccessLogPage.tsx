import { useId, useState } from 'react';
import { get, query } from '../api/client';
import type { AccessLogPage as Page } from '../api/types';
import { LoadStatus } from '../app/Status';
import { formatDateTime } from '../app/labels';
import { useLoad } from '../app/useLoad';

const actionLabels: Record<string, string> = {
  'dossier.read': 'Consultation du dossier',
  'dossier.list': 'Dossier affiché dans une recherche',
  'dossier.update': 'Modification du dossier',
  'dossier.create': 'Création du dossier',
  'dossier.synthesis.read': 'Consultation de la fiche de synthèse',
  'dossier.timeline.read': 'Consultation de la chronologie',
  'submission.read': 'Consultation d’une saisie',
  'submission.list': 'Consultation de la liste des saisies',
  'submission.create': 'Nouvelle saisie',
  'submission.update': 'Modification d’une saisie',
  'access_log.read': 'Consultation du journal des accès',
  'submission.upgrade': 'Mise à jour d’une saisie vers la nouvelle version du formulaire',
  'placement.create': 'Enregistrement d’un placement',
  'placement.update': 'Modification d’un placement',
  'care_team.add': 'Ajout d’un professionnel à l’équipe de prise en charge',
  'care_team.update': 'Modification de l’équipe de prise en charge',
  'dossier.identity_status.change': 'Changement du statut de l’identité',
  'dossier.archive': 'Archivage du dossier',
  'dossier.archive.download': 'Téléchargement de l’archive du dossier',
  'document.create': 'Production d’un document',
  'document.list': 'Consultation de la liste des documents',
  'document.read': 'Consultation d’un document',
  'document.content.read': 'Lecture d’un document',
  'document.preview': 'Aperçu d’un document',
  'document.sign': 'Signature d’un document',
  'attachment.upload': 'Ajout d’une pièce jointe',
  'attachment.read': 'Consultation d’une pièce jointe',
  'process.start': 'Démarrage d’une démarche',
  'process.read': 'Consultation d’une démarche',
  'process.cancel': 'Annulation d’une démarche',
  'task.read': 'Consultation d’une tâche',
  'task.complete': 'Tâche accomplie',
  'break_glass.open': 'Accès exceptionnel (bris de glace)',
  'message.send': 'Envoi d’un message au sujet du dossier',
  'message.read': 'Lecture d’un message au sujet du dossier',
};

/** Who accessed the dossier, newest first (RGPD right of access; staff names as the establishment's policy allows). */
export function AccessLogPage({ dossierId }: { dossierId: string }) {
  const id = useId();
  const first = useLoad(() => get<Page>(`/api/dossiers/${dossierId}/access-log?limit=50`), [dossierId]);
  const [more, setMore] = useState<Page['items']>([]);
  const [cursor, setCursor] = useState<string | null | undefined>(undefined);
  const next = cursor === undefined ? first.data?.nextCursor : cursor;
  const items = [...(first.data?.items ?? []), ...more];
  return (
    <section aria-labelledby={id} className="card">
      <h2 id={id}>Qui a consulté ce dossier</h2>
      <LoadStatus loaded={first} what="Journal des accès indisponible" />
      {first.data && (
        <table>
          <caption className="visually-hidden">Journal des accès</caption>
          <thead>
            <tr>
              <th scope="col">Date</th>
              <th scope="col">Action</th>
              <th scope="col">Par</th>
              <th scope="col">Établissement</th>
            </tr>
          </thead>
          <tbody>
            {items.map((e, i) => (
              <tr key={`${e.occurredAt}-${i}`}>
                <td>{formatDateTime(e.occurredAt)}</td>
                <td>
                  {actionLabels[e.action] ?? e.action}
                  {e.outcome === 'denied' && ' (refusée)'}
                </td>
                <td>{e.actorName ?? e.actorProfile ?? 'un professionnel'}</td>
                <td>{e.establishmentName ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {next && (
        <button
          type="button"
          onClick={() =>
            void get<Page>(`/api/dossiers/${dossierId}/access-log${query({ limit: 50, cursor: next })}`).then((page) => {
              setMore((m) => [...m, ...page.items]);
              setCursor(page.nextCursor);
            })
          }
        >
          Afficher les accès plus anciens
        </button>
      )}
    </section>
  );
}
