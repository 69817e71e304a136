import { useId } from 'react';
import { get } from '../api/client';
import type { SubmissionList } from '../api/types';
import { Link } from '../app/router';
import { LoadStatus } from '../app/Status';
import { formatDateTime } from '../app/labels';
import { useLoad } from '../app/useLoad';

/** The submissions of a dossier the user may read, grouped by form, each opening with its revisions. */
export function SubmissionsPanel({ dossierId }: { dossierId: string }) {
  const id = useId();
  const list = useLoad(() => get<SubmissionList>(`/api/dossiers/${dossierId}/submissions?limit=200`), [dossierId]);
  const groups = new Map<string, SubmissionList['items']>();
  for (const s of list.data?.items ?? []) groups.set(s.formKey, [...(groups.get(s.formKey) ?? []), s]);
  return (
    <section aria-labelledby={id} className="card">
      <h2 id={id}>Saisies</h2>
      <LoadStatus loaded={list} what="Saisies indisponibles" />
      {list.data && groups.size === 0 && <p className="muted">Aucune saisie.</p>}
      {[...groups.entries()].map(([formKey, items]) => (
        <div key={formKey} className="form-group">
          <h3>{items[0]?.title ?? formKey}</h3>
          <ul className="plain">
            {items.map((s) => (
              <li key={s.id}>
                <Link href={`/saisies/${s.id}`}>
                  {formatDateTime(s.createdAt)} — {s.status === 'final' ? 'définitive' : 'brouillon'}, révision {s.revision}
                </Link>{' '}
                <span className="muted">(version {s.version})</span>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}
