import { createMongoAbility } from '@casl/ability';
import { BREAK_GLASS_REASON } from './ability';
import { allowedOnlyByBreakGlass, allowedWithoutBreakGlass, breakGlassExpiry, breakGlassProblems } from './break-glass';

const bg = { action: 'read', subject: 'Dossier', conditions: { id: { $in: ['d1', 'd2'] } }, reason: BREAK_GLASS_REASON };

describe('break-glass', () => {
  it('asks for a reason of at least 15 characters that are not blanks', () => {
    expect(breakGlassProblems({ reason: 'Urgence médicale : chute' })).toEqual([]);
    expect(breakGlassProblems({ reason: `   court${' '.repeat(20)}` })).toEqual([{ path: '/reason', message: expect.stringContaining('15') }]);
  });

  it('ends a grant after the requested minutes, one hour by default', () => {
    const start = new Date('2025-03-01T10:00:00Z');
    expect(breakGlassExpiry(start).toISOString()).toBe('2025-03-01T11:00:00.000Z');
    expect(breakGlassExpiry(start, 240).toISOString()).toBe('2025-03-01T14:00:00.000Z');
  });

  it('tells access given only by break-glass from access the ordinary rules give', () => {
    const ability = createMongoAbility([{ action: 'read', subject: 'Dossier', conditions: { establishmentId: 'e1' } }, bg] as never);
    // d1 of another establishment: only the grant opens it
    expect(allowedOnlyByBreakGlass(ability, 'read', 'Dossier', { id: 'd1', establishmentId: 'e2' })).toBe(true);
    expect(allowedWithoutBreakGlass(ability, 'read', 'Dossier', { id: 'd1', establishmentId: 'e2' })).toBe(false);
    // d2 of the user's establishment: readable anyway, the grant is not what opens it
    expect(allowedOnlyByBreakGlass(ability, 'read', 'Dossier', { id: 'd2', establishmentId: 'e1' })).toBe(false);
    expect(allowedWithoutBreakGlass(ability, 'read', 'Dossier', { id: 'd2', establishmentId: 'e1' })).toBe(true);
    // not granted at all
    expect(allowedOnlyByBreakGlass(ability, 'read', 'Dossier', { id: 'd3', establishmentId: 'e2' })).toBe(false);
  });

  it('follows CASL priority: an ordinary deny below the grant is lifted by it, one above it still refuses', () => {
    const denyBelow = createMongoAbility([{ action: 'read', subject: 'Dossier', conditions: { status: 'archived' }, inverted: true }, bg] as never);
    expect(allowedOnlyByBreakGlass(denyBelow, 'read', 'Dossier', { id: 'd1', status: 'archived' })).toBe(true);
    const denyAbove = createMongoAbility([bg, { action: 'read', subject: 'Dossier', conditions: { status: 'archived' }, inverted: true }] as never);
    expect(allowedOnlyByBreakGlass(denyAbove, 'read', 'Dossier', { id: 'd1', status: 'archived' })).toBe(false);
    expect(allowedWithoutBreakGlass(denyAbove, 'read', 'Dossier', { id: 'd1', status: 'archived' })).toBe(false);
  });
});
