import { useCallback, useState } from 'react';

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** A user's action in flight: busy while it runs, its failure kept as a message to show (in French, from the server). */
export function useAction(describe: (e: unknown) => string = messageOf) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(
    async (action: () => Promise<void>) => {
      setBusy(true);
      setError(null);
      try {
        await action();
      } catch (e) {
        setError(describe(e));
      } finally {
        setBusy(false);
      }
    },
    [describe],
  );
  return { busy, error, run };
}
