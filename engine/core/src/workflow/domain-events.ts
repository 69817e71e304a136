/**
 * The domain events a process may start on (`cordee:startOnEvent`, ADR 0019): a fixed catalogue.
 * The engine raises each one in the transaction of the write it describes, hands the process the
 * event's variables, and names the record the event is about: when the event happens again on
 * the same record, the running instance it started is cancelled (with the reason) and replaced.
 * No workflow is known here: the metadata decides which processes an event starts.
 */
export interface DomainEventSpec {
  /** French label, for the designer and the lint. */
  label: string;
  /** The variable that names the record the event is about. */
  subjectVariable: string;
  /** The start variables the event hands to the process. */
  variables: readonly string[];
}

export const domainEvents = {
  'placement.term_recorded': {
    label: 'Échéance d’un placement enregistrée ou modifiée',
    subjectVariable: 'placementId',
    variables: ['placementId', 'placementTerm', 'previousPlacementTerm'],
  },
} as const satisfies Record<string, DomainEventSpec>;

export type DomainEventKey = keyof typeof domainEvents;

export const isDomainEvent = (key: string): key is DomainEventKey => Object.hasOwn(domainEvents, key);

/** A domain event that happened: its key, the record it is about and the variables it hands to the processes it starts. */
export interface DomainEvent {
  key: DomainEventKey;
  subjectId: string;
  variables: Record<string, unknown>;
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
