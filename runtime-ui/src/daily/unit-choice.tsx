import { useId, useMemo } from 'react';
import { get } from '../api/client';
import type { EstablishmentTree } from '../api/types';
import { useLoad } from '../app/useLoad';
import { useMe } from '../session/session';

/** The units of the current establishment, the user's own unit first chosen. */
export function useUnits() {
  const me = useMe();
  const tree = useLoad(() => get<EstablishmentTree>('/api/establishments'), []);
  const units = useMemo(
    () => tree.data?.items.flatMap((o) => o.establishments).find((e) => e.id === me.currentEstablishmentId)?.units ?? [],
    [tree.data, me.currentEstablishmentId],
  );
  const own = me.profiles.find((p) => p.establishmentId === me.currentEstablishmentId && p.unitId)?.unitId ?? null;
  return { units, defaultUnit: own ?? units[0]?.id ?? '' };
}

export function UnitSelect({ units, value, onChange }: { units: Array<{ id: string; name: string }>; value: string; onChange(id: string): void }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>Unité</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        {units.map((u) => (
          <option key={u.id} value={u.id}>
            {u.name}
          </option>
        ))}
      </select>
    </div>
  );
}
