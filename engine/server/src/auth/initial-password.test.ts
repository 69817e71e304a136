import { initialPassword } from './initial-password';
import { passwordPolicyProblem } from './passwords';

describe('initial password of an account opened for someone', () => {
  it('meets the password policy, mixes every kind of character, and is never the same twice', () => {
    const drawn = Array.from({ length: 200 }, initialPassword);
    for (const password of drawn) {
      expect(password).toMatch(/^[A-Za-z2-9]{4}(-[A-Za-z2-9]{4}){3}$/);
      expect(passwordPolicyProblem(password)).toBeNull();
      expect(password).toMatch(/[A-Z]/);
      expect(password).toMatch(/[a-z]/);
      expect(password).toMatch(/[0-9]/);
      expect(password).not.toMatch(/[01OIl]/);
    }
    expect(new Set(drawn).size).toBe(drawn.length);
  });
});
