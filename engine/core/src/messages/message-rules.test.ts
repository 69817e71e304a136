import { MESSAGE_LIMITS, type RecipientFacts, messageDraftProblems, recipientRefusal, replySubject } from './message-rules';

const me = '0b6f1a52-0000-4000-8000-000000000001';
const other = '0b6f1a52-0000-4000-8000-000000000002';
const third = '0b6f1a52-0000-4000-8000-000000000003';

describe('a message draft', () => {
  it('accepts a subject, a body and distinct recipients other than the sender', () => {
    expect(messageDraftProblems({ subject: 'Rendez-vous', body: 'Demain 10 h.', recipientIds: [other, third] }, me)).toEqual([]);
  });

  it('refuses a blank subject and a body of blanks, naming each field', () => {
    expect(messageDraftProblems({ subject: '  ', body: ' \n\t ', recipientIds: [other] }, me)).toEqual([
      { path: '/subject', message: expect.stringMatching(/objet/) },
      { path: '/body', message: expect.stringMatching(/vide/) },
    ]);
  });

  it('asks for at least one recipient, and at most the bound', () => {
    expect(messageDraftProblems({ subject: 'a', body: 'b', recipientIds: [] }, me)).toEqual([{ path: '/recipientIds', message: expect.stringMatching(/au moins un/) }]);
    const many = Array.from({ length: MESSAGE_LIMITS.recipients + 1 }, (_, i) => `0b6f1a52-0000-4000-8000-${String(100 + i).padStart(12, '0')}`);
    expect(messageDraftProblems({ subject: 'a', body: 'b', recipientIds: many }, me)).toEqual([{ path: '/recipientIds', message: expect.stringMatching(/Au plus 20/) }]);
  });

  it('refuses the sender among the recipients and a recipient named twice (case of the id ignored)', () => {
    expect(messageDraftProblems({ subject: 'a', body: 'b', recipientIds: [me.toUpperCase()] }, me)).toEqual([{ path: '/recipientIds/0', message: expect.stringMatching(/vous-même/) }]);
    expect(messageDraftProblems({ subject: 'a', body: 'b', recipientIds: [other, third, other.toUpperCase()] }, me)).toEqual([
      { path: '/recipientIds/2', message: expect.stringMatching(/déjà/) },
    ]);
  });
});

describe('who may receive a message', () => {
  const colleague = (over: Partial<RecipientFacts> = {}): RecipientFacts => ({ relation: 'professional', readsDossier: true, inCareTeam: false, ...over });
  const staff = { portal: false, dossierLinked: true, mayInformUsager: true };

  it('a colleague of the establishment, when the message is not about a child', () => {
    expect(recipientRefusal({ ...staff, dossierLinked: false }, colleague({ readsDossier: false }))).toBeNull();
    expect(recipientRefusal({ ...staff, dossierLinked: false }, { relation: null, readsDossier: false, inCareTeam: false })).toBe('unknown');
  });

  it('about a child: only colleagues who read the dossier themselves', () => {
    expect(recipientRefusal(staff, colleague())).toBeNull();
    expect(recipientRefusal(staff, colleague({ readsDossier: false }))).toBe('no_dossier_access');
  });

  it('the usager and legal representatives: about their dossier, from a profile that informs families', () => {
    const usager: RecipientFacts = { relation: 'usager', readsDossier: true, inCareTeam: false };
    expect(recipientRefusal(staff, usager)).toBeNull();
    expect(recipientRefusal(staff, { ...usager, relation: 'legal_representative' })).toBeNull();
    expect(recipientRefusal({ ...staff, mayInformUsager: false }, usager)).toBe('usager_not_allowed');
    expect(recipientRefusal({ ...staff, dossierLinked: false }, usager)).toBe('unknown');
    expect(recipientRefusal(staff, { ...usager, readsDossier: false })).toBe('no_dossier_access');
  });

  it('from the portal: only current care team members who read the dossier, about the dossier', () => {
    const portal = { portal: true, dossierLinked: true, mayInformUsager: false };
    expect(recipientRefusal(portal, colleague({ inCareTeam: true }))).toBeNull();
    expect(recipientRefusal(portal, colleague({ inCareTeam: false }))).toBe('outside_care_team');
    expect(recipientRefusal(portal, colleague({ inCareTeam: true, readsDossier: false }))).toBe('outside_care_team');
    expect(recipientRefusal({ ...portal, dossierLinked: false }, colleague({ inCareTeam: true }))).toBe('outside_care_team');
    expect(recipientRefusal(portal, { relation: 'legal_representative', readsDossier: true, inCareTeam: false })).toBe('outside_care_team');
  });
});

describe('the subject of a reply', () => {
  it('gets one « Re : » however many replies came before, within the bound', () => {
    expect(replySubject('Sortie au musée')).toBe('Re : Sortie au musée');
    expect(replySubject('RE: re : Sortie')).toBe('Re : Sortie');
    expect(replySubject('x'.repeat(MESSAGE_LIMITS.subject))).toHaveLength(MESSAGE_LIMITS.subject);
  });
});
