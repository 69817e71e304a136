import { useEffect, useState } from 'react';

/** Typed text, settled after a short pause (search as you type without a request per key). */
export function useSettled(value: string): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = window.setTimeout(() => setSettled(value), 200);
    return () => window.clearTimeout(timer);
  }, [value]);
  return settled;
}
