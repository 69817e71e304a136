import { isAppError } from '../errors/app-error';
import { checkedFiness, finessProblem, isValidFiness, withFinessKey } from './finess';

describe('FINESS numbers', () => {
  it('accepts real FINESS numbers', () => {
    // AP-HP (juridique) and AP-HM (juridique), from the national FINESS file.
    expect(finessProblem('750712184')).toBeNull();
    expect(finessProblem('130786049')).toBeNull();
  });

  it('refuses a wrong key, naming the field', () => {
    expect(finessProblem('750712185', 'geographique')).toBe('La clé de contrôle du FINESS géographique est incorrecte.');
    expect(finessProblem('130786040', 'juridique')).toBe('La clé de contrôle du FINESS juridique est incorrecte.');
  });

  it('refuses a wrong length or characters', () => {
    expect(finessProblem('75071218', 'geographique')).toBe('Le FINESS géographique doit comporter 9 caractères.');
    expect(finessProblem('7507121840')).toBe('Le numéro FINESS doit comporter 9 caractères.');
    expect(finessProblem('75071218X', 'juridique')).toMatch(/^Le FINESS juridique ne contient que des chiffres/);
    expect(finessProblem('2C0000000')).toMatch(/ne contient que des chiffres/);
    expect(finessProblem('A20000000')).toMatch(/ne contient que des chiffres/);
  });

  it('handles Corsican numbers (2A/2B, letter counted as 0 for the key), in either case', () => {
    const ajaccio = withFinessKey('2A000001');
    const bastia = withFinessKey('2B000001');
    expect(ajaccio).toMatch(/^2A000001\d$/);
    expect(isValidFiness(ajaccio)).toBe(true);
    expect(isValidFiness(bastia)).toBe(true);
    expect(isValidFiness(ajaccio.toLowerCase())).toBe(true);
    // same key as the 20 prefix
    expect(ajaccio.slice(-1)).toBe(withFinessKey('20000001').slice(-1));
  });

  it('detects every single-digit substitution', () => {
    const valid = '750712184';
    for (let i = 0; i < 9; i++) {
      for (let d = 0; d <= 9; d++) {
        const changed = valid.slice(0, i) + d + valid.slice(i + 1);
        if (changed !== valid) expect(isValidFiness(changed)).toBe(false);
      }
    }
  });

  it('withFinessKey produces valid numbers', () => {
    for (const body of ['75000001', '13078604', '97100012', '2B123456']) expect(isValidFiness(withFinessKey(body))).toBe(true);
    expect(withFinessKey('13078604')).toBe('130786049');
  });

  it('checkedFiness upper-cases a valid number and throws INVALID_FINESS at the path otherwise', () => {
    const corsican = withFinessKey('2A000002');
    expect(checkedFiness(corsican.toLowerCase(), 'geographique', '/finessGeographique')).toBe(corsican);
    try {
      checkedFiness('750712185', 'geographique', '/finessGeographique');
      throw new Error('expected an error');
    } catch (error) {
      expect(isAppError(error)).toBe(true);
      if (!isAppError(error)) return;
      expect(error.code).toBe('INVALID_FINESS');
      expect(error.status).toBe(422);
      expect(error.issues).toEqual([{ path: '/finessGeographique', message: 'La clé de contrôle du FINESS géographique est incorrecte.' }]);
    }
  });
});
