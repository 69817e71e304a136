import { ageBandOn, statusChangeKind } from './reporting-events';

describe('reporting events', () => {
  it('keeps only an age band of the birth date, counted on the day of the event', () => {
    expect(ageBandOn('2024-05-01', '2026-04-30')).toBe('0-2');
    expect(ageBandOn('2023-05-01', '2026-05-01')).toBe('3-5');
    expect(ageBandOn('2012-04-03', '2026-04-02')).toBe('11-14');
    expect(ageBandOn('2012-04-03', '2026-04-03')).toBe('11-14');
    expect(ageBandOn('2011-04-03', '2026-04-03')).toBe('15-17');
    expect(ageBandOn('2008-01-01', '2026-04-03')).toBe('18-20');
    expect(ageBandOn('2000-01-01', '2026-04-03')).toBe('21+');
    // a birth date after the day (bad data) is not a negative age
    expect(ageBandOn('2027-01-01', '2026-04-03')).toBe('0-2');
  });

  it('counts admissions, exits after an admission and archiving, and nothing else', () => {
    expect(statusChangeKind('waiting', 'admitted')).toBe('admission');
    expect(statusChangeKind('admitted', 'discharged')).toBe('exit');
    expect(statusChangeKind('waiting', 'discharged')).toBeNull();
    expect(statusChangeKind('discharged', 'archived')).toBe('dossier_archived');
    expect(statusChangeKind('admitted', 'admitted')).toBeNull();
    expect(statusChangeKind('applicant', 'waiting')).toBeNull();
  });
});
