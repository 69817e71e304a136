import { type ReactNode, createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { ApiError, get, onSessionExpired, post, put } from '../api/client';
import type { Me } from '../api/types';

interface Health {
  demoMode?: boolean;
}

export interface Session {
  me: Me | null;
  /** The session ended while the page was open: the page stays (typed data kept) under a login dialog. */
  expired: boolean;
  demoMode: boolean;
  loading: boolean;
  login(login: string, password: string, totp?: string): Promise<void>;
  logout(): Promise<void>;
  switchEstablishment(id: string): Promise<void>;
  /** Replaces one's password (the initial one handed over, at first login), then reloads who is signed in. */
  changePassword(currentPassword: string, newPassword: string): Promise<void>;
  /** Usager or legal representative: the portal instead of the staff application. */
  portal: boolean;
  /** The profiles of the user in the current establishment (or without establishment). */
  currentProfiles: string[];
}

const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

export function useMe(): Me {
  const { me } = useSession();
  if (!me) throw new Error('not signed in');
  return me;
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [expired, setExpired] = useState(false);
  const [loading, setLoading] = useState(true);
  const [demoMode, setDemoMode] = useState(false);

  useEffect(() => {
    void get<Health>('/api/health', { quietAuth: true })
      .then((h) => setDemoMode(h.demoMode === true))
      .catch(() => undefined);
    void get<Me>('/api/me', { quietAuth: true })
      .then((m) => {
        setMe(m);
        setDemoMode((d) => d || m.demoMode);
      })
      .catch(() => setMe(null))
      .finally(() => setLoading(false));
  }, []);

  useEffect(() => onSessionExpired(() => setExpired((was) => was || me !== null)), [me]);

  const login = useCallback(
    async (loginName: string, password: string, totp?: string) => {
      const next = await post<Me>('/api/auth/login', { login: loginName, password, ...(totp ? { totp } : {}) });
      if (me && next.id !== me.id) {
        // someone else signs in on this page: start afresh, nothing of the previous user stays on screen
        window.location.assign('/');
        return;
      }
      setMe(next);
      setDemoMode((d) => d || next.demoMode);
      setExpired(false);
    },
    [me],
  );

  const logout = useCallback(async () => {
    try {
      await post('/api/auth/logout');
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 401)) throw error;
    }
    window.sessionStorage.clear();
    setMe(null);
    setExpired(false);
    window.history.replaceState(null, '', '/');
  }, []);

  const switchEstablishment = useCallback(async (id: string) => {
    setMe(await put<Me>('/api/me/establishment', { establishmentId: id }));
  }, []);

  const changePassword = useCallback(async (currentPassword: string, newPassword: string) => {
    await post('/api/me/password', { currentPassword, newPassword });
    setMe(await get<Me>('/api/me'));
  }, []);

  const value = useMemo<Session>(() => {
    const current = me?.profiles.filter((p) => p.establishmentId === null || p.establishmentId === me.currentEstablishmentId) ?? [];
    return {
      me,
      expired,
      demoMode,
      loading,
      login,
      logout,
      switchEstablishment,
      changePassword,
      portal: me !== null && me.profiles.length > 0 && me.profiles.every((p) => p.kind === 'usager'),
      currentProfiles: current.map((p) => p.profile),
    };
  }, [me, expired, demoMode, loading, login, logout, switchEstablishment, changePassword]);

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}
