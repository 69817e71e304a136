import type { Db, Tx } from '../connection';
import type { AccessFilter } from '../permissions/rules-to-sql';
import { type FeedItem, formFeedQuery } from './dossier-overview-store';

/** The pack's form of an agenda event, and where its answers keep the day, the start time and the participants' accounts. */
export const AGENDA_EVENT_FORM = 'agenda-evenement';

/** Which events: those where an account is a participant (across the dossiers the caller may read), of a unit, or of a dossier. */
export type AgendaScope = { participantAccountId: string } | { unitId: string } | { dossierId: string };

export interface AgendaEvent extends FeedItem {
  day: string;
  startTime: string;
}

/**
 * The agenda events whose day falls in `[from, to]`, in the scope, at their current revision, among
 * the submissions the caller may read (rules pushed into SQL); by day, start time, then id;
 * `limit + 1` rows after the keyset `after` ([day, start time, id]). The day and participant
 * filters use the partial indexes of migration 0013 (hence the `?` key tests).
 */
export async function listAgendaEvents(
  db: Db | Tx,
  query: { access: AccessFilter; readerId: string; from: string; to: string; scope: AgendaScope; after?: [string, string, string]; limit: number },
): Promise<AgendaEvent[]> {
  const base = formFeedQuery(db, query.access, AGENDA_EVENT_FORM, query.readerId);
  if (!base) return [];
  const qb = base
    .select(db.raw(`r.data->>'date_evenement' as day`), db.raw(`coalesce(r.data->>'heure_debut', '') as "startTime"`))
    .whereRaw(`r.data \\? 'date_evenement'`)
    .whereRaw(`(r.data->>'date_evenement') between ? and ?`, [query.from, query.to]);
  const scope = query.scope;
  if ('participantAccountId' in scope) {
    qb.whereRaw(`r.data \\? 'participants'`).whereRaw(`(r.data->'participants') @> ?::jsonb`, [JSON.stringify([{ compte_id: scope.participantAccountId }])]);
  } else if ('unitId' in scope) {
    qb.where('d.unit_id', scope.unitId);
  } else {
    qb.where('s.dossier_id', scope.dossierId);
  }
  if (query.after) qb.whereRaw(`(r.data->>'date_evenement', coalesce(r.data->>'heure_debut', ''), s.id) > (?, ?, ?::uuid)`, query.after);
  const rows = (await qb
    .orderByRaw(`r.data->>'date_evenement', coalesce(r.data->>'heure_debut', ''), s.id`)
    .limit(query.limit + 1)) as AgendaEvent[];
  return rows.map((r) => ({ ...r, effectiveHash: r.effectiveHash.trim() }));
}
