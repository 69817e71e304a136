import { authenticator } from 'otplib';

authenticator.options = { window: 1, step: 30, digits: 6 };

export const newTotpSecret = (): string => authenticator.generateSecret(20);

export const totpUri = (login: string, secret: string): string => authenticator.keyuri(login, 'Cordée', secret);

/**
 * The time step a code matches (±1 step of clock drift), or null. Callers refuse a step at or
 * before the last one used, so a code cannot be replayed.
 */
export function matchTotpStep(code: string, secret: string, now: Date): number | null {
  const delta = authenticator.checkDelta(code, secret);
  if (delta === null) return null;
  return Math.floor(now.getTime() / 1000 / 30) + delta;
}

/** The current code of a secret (tests and the demo helper). */
export const currentTotp = (secret: string): string => authenticator.generate(secret);
