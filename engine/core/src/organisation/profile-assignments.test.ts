import { type AssignmentReferences, assignmentIssues } from './profile-assignments';

const E1 = '11111111-1111-4111-8111-111111111111';
const E2 = '22222222-2222-4222-8222-222222222222';
const U1 = '33333333-3333-4333-8333-333333333333';
const refs: AssignmentReferences = {
  profileKinds: new Map([
    ['chef_service', 'staff'],
    ['administrateur', 'administration'],
    ['usager', 'usager'],
  ]),
  establishmentIds: new Set([E1, E2]),
  unitEstablishments: new Map([[U1, E1]]),
};
const today = '2025-03-10';

describe('profile assignment checks', () => {
  it('accepts valid assignments', () => {
    expect(
      assignmentIssues(
        [
          { profile: 'chef_service', establishmentId: E1, unitId: U1, validFrom: '2025-01-01', validTo: '2025-12-31' },
          { profile: 'chef_service', establishmentId: E2 },
          { profile: 'administrateur' },
          { profile: 'usager' },
        ],
        refs,
        today,
      ),
    ).toEqual([]);
  });

  it('names the field of each problem', () => {
    const issues = assignmentIssues(
      [
        { profile: 'chef_service', establishmentId: E1 },
        { profile: 'sorcier', establishmentId: E1 },
        { profile: 'chef_service' },
        { profile: 'chef_service', establishmentId: '44444444-4444-4444-8444-444444444444' },
        { profile: 'chef_service', establishmentId: E2, unitId: U1 },
        { profile: 'administrateur', unitId: U1 },
        { profile: 'chef_service', establishmentId: E1, validFrom: '2025-02-01', validTo: '2025-01-31' },
        { profile: 'chef_service', establishmentId: E2, validTo: '2025-03-09' },
        { profile: 'chef_service', establishmentId: E1 },
      ],
      refs,
      today,
    );
    expect(issues.map((i) => i.path)).toEqual([
      '/profiles/1/profile',
      '/profiles/2/establishmentId',
      '/profiles/3/establishmentId',
      '/profiles/4/unitId',
      '/profiles/5/unitId',
      '/profiles/6/validTo',
      '/profiles/7/validTo',
      '/profiles/8',
    ]);
    expect(issues[0]!.message).toBe('Profil inconnu : « sorcier ».');
    expect(issues[3]!.message).toBe('Cette unité n’appartient pas à l’établissement indiqué.');
  });

  it('uses the base path given', () => {
    expect(assignmentIssues([{ profile: 'x' }], refs, today, '/assignments')[0]!.path).toBe('/assignments/0/profile');
  });
});
