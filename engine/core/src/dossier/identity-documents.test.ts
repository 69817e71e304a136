import { identityDocumentProblem } from './identity-documents';

describe('identity documents', () => {
  it('accepts a passport or an identity card at any age', () => {
    expect(identityDocumentProblem('passeport', '1990-01-01', '2026-01-01')).toBeNull();
    expect(identityDocumentProblem('carte_identite', '2015-01-01', '2026-01-01')).toBeNull();
  });

  it('accepts the family record book and the birth certificate for a minor only', () => {
    expect(identityDocumentProblem('livret_famille', '2010-06-01', '2026-01-01')).toBeNull();
    expect(identityDocumentProblem('acte_naissance', '2008-01-02', '2026-01-01')).toBeNull();
    expect(identityDocumentProblem('acte_naissance', '2008-01-01', '2026-01-01')).toMatch(/mineur/);
    expect(identityDocumentProblem('livret_famille', '2000-01-01', '2026-01-01')).toMatch(/Livret de famille/);
  });
});
