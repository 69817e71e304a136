/**
 * The domain events a process may start on (`cordee:startOnEvent`) or that fire early a timer a
 * running process waits at (`cordee:wakeOnEvent`), ADR 0019: a fixed catalogue. The engine raises
 * each one in the transaction of the write it describes, hands the process the event's variables,
 * and names the record the event is about: when the event happens again on the same record, the
 * running instance it started is cancelled (with the reason) and replaced. No workflow is known
 * here: the metadata decides which processes an event starts or wakes.
 */
export interface DomainEventSpec {
  /** French label, for the designer and the lint. */
  label: string;
  /** The variable that names the record the event is about. */
  subjectVariable: string;
  /** The start variables the event hands to the process. */
  variables: readonly string[];
  /** The waiting instances it wakes: those of the dossier of the write, or every one of the establishment the event is about. */
  wakes: 'dossier' | 'establishment';
}

export const domainEvents = {
  'placement.term_recorded': {
    label: 'Échéance d’un placement enregistrée ou modifiée',
    subjectVariable: 'placementId',
    variables: ['placementId', 'placementTerm', 'previousPlacementTerm'],
    wakes: 'dossier',
  },
  'place.freed': {
    label: 'Place libérée dans un établissement (fin ou raccourcissement d’un placement)',
    subjectVariable: 'placementId',
    variables: ['placementId', 'establishmentId', 'unitId', 'freedOn'],
    wakes: 'establishment',
  },
} as const satisfies Record<string, DomainEventSpec>;

export type DomainEventKey = keyof typeof domainEvents;

export const isDomainEvent = (key: string): key is DomainEventKey => Object.hasOwn(domainEvents, key);

/** A domain event that happened: its key, the record it is about and the variables it hands to the processes it starts. */
export interface DomainEvent {
  key: DomainEventKey;
  subjectId: string;
  variables: Record<string, unknown>;
  /** The establishment the event is about, when it is not the one the dossier is followed in (the instances it wakes). */
  establishmentId?: string;
}

/**
 * `placement.term_recorded`: a placement was recorded with an end date (the term of the measure),
 * or its end date was set, moved (a renewal) or removed. Nothing happens for a placement recorded
 * without an end date, nor when the end date stays the same.
 */
export function placementTermEvent(before: { endDate: string | null } | null, after: { id: string; endDate: string | null }): DomainEvent | null {
  const previous = before?.endDate ?? null;
  if (previous === after.endDate) return null;
  return { key: 'placement.term_recorded', subjectId: after.id, variables: { placementId: after.id, placementTerm: after.endDate, previousPlacementTerm: previous } };
}

/**
 * `place.freed`: an existing placement now ends, or ends earlier than it did — a place of its
 * establishment is free from that date. Nothing happens for a term removed or moved later (a
 * renewal keeps the place), nor for a new placement (it takes a place).
 */
export function placeFreedEvent(before: { endDate: string | null; establishmentId: string; unitId: string | null }, after: { id: string; endDate: string | null }): DomainEvent | null {
  if (after.endDate === null || (before.endDate !== null && after.endDate >= before.endDate)) return null;
  return {
    key: 'place.freed',
    subjectId: after.id,
    establishmentId: before.establishmentId,
    variables: { placementId: after.id, establishmentId: before.establishmentId, unitId: before.unitId, freedOn: after.endDate },
  };
}
