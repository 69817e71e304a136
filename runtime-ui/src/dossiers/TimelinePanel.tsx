import { useId, useState } from 'react';
import { get, query } from '../api/client';
import type { DossierTimeline } from '../api/types';
import { Link } from '../app/router';
import { LoadStatus } from '../app/Status';
import { formatDateTime, formatDay } from '../app/labels';
import { useLoad } from '../app/useLoad';

/** Events placed on a calendar day rather than at an instant. */
const DAY_KINDS = new Set(['placement_start', 'placement_end', 'care_team_start', 'care_team_end']);

/** Everything that happened to the dossier, newest first, page by page. */
export function TimelinePanel({ dossierId }: { dossierId: string }) {
  const id = useId();
  const first = useLoad(() => get<DossierTimeline>(`/api/dossiers/${dossierId}/timeline?limit=20`), [dossierId]);
  const [more, setMore] = useState<DossierTimeline['items']>([]);
  const [cursor, setCursor] = useState<string | null | undefined>(undefined);
  const next = cursor === undefined ? first.data?.nextCursor : cursor;
  const loadMore = async () => {
    if (!next) return;
    const page = await get<DossierTimeline>(`/api/dossiers/${dossierId}/timeline${query({ limit: 50, cursor: next })}`);
    setMore((m) => [...m, ...page.items]);
    setCursor(page.nextCursor);
  };
  const items = [...(first.data?.items ?? []), ...more];
  return (
    <section aria-labelledby={id} className="card">
      <h2 id={id}>Chronologie</h2>
      <LoadStatus loaded={first} what="Chronologie indisponible" />
      <ol className="timeline">
        {items.map((e) => (
          <li key={e.key}>
            <time dateTime={e.at}>{DAY_KINDS.has(e.kind) ? formatDay(e.at) : formatDateTime(e.at)}</time> — {e.submissionId ? <Link href={`/saisies/${e.submissionId}`}>{e.label}</Link> : e.label}
            {e.actorName && <span className="muted"> ({e.actorName})</span>}
          </li>
        ))}
      </ol>
      {next && (
        <button type="button" onClick={() => void loadMore()}>
          Afficher les évènements plus anciens
        </button>
      )}
    </section>
  );
}
