import type { Me } from '../api/types';

/** The pack's form for one event of the agenda. */
export const AGENDA_FORM = 'agenda-evenement';

/** A new event starts with its author among the participants, designated by account: it shows in their agenda. */
export const newAgendaEvent = (me: Pick<Me, 'id' | 'displayName'>) => ({
  participants: [{ nom: me.displayName, qualite: 'professionnel', compte_id: me.id, presence: 'prevu' }],
  statut: 'prevu',
});
