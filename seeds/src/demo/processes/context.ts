import type { DemoChild, DemoData } from '../model';
import { SeededRandom } from '../random';
import type { DemoRecord } from '../records/model';
import { type ChildFacts, Directory, childFacts } from '../records/people';

/**
 * What the process plans read: the demo data, the children's facts, and their records. A record
 * a process step stands for (e.g. the PPE its task asks for) is taken from the bulk records, so
 * that it is stored once, by the task's completion.
 */
export class PlanContext {
  private readonly directory: Directory;
  /** The plans' own random stream (the records' stays as it was). */
  readonly rng: SeededRandom;
  private readonly byChild = new Map<string, DemoRecord[]>();
  private readonly taken = new Set<DemoRecord>();

  constructor(
    readonly data: DemoData,
    private readonly records: readonly DemoRecord[],
  ) {
    this.directory = new Directory(data);
    this.rng = new SeededRandom(data.seed ^ 0x9f0c);
    for (const r of records) this.byChild.set(r.childKey, [...(this.byChild.get(r.childKey) ?? []), r]);
  }

  get today(): string {
    return this.data.today;
  }

  facts(child: DemoChild): ChildFacts {
    return childFacts(this.data, child, this.rng, this.directory);
  }

  /** The child's first record of a form still available (oldest first). */
  record(childKey: string, form: string, filter: (r: DemoRecord) => boolean = () => true): DemoRecord | undefined {
    return this.byChild.get(childKey)?.find((r) => r.form === form && !this.taken.has(r) && filter(r));
  }

  /** The record is stored by a task's completion instead of with the bulk records. */
  take(record: DemoRecord): DemoRecord {
    this.taken.add(record);
    return record;
  }

  /** The legal representative named in the child's contract, if any. */
  parentOf(f: ChildFacts): string {
    const parties = this.record(f.child.key, 'contrat-sejour')?.data.parties as { representants_legaux?: Array<{ nom?: string }> } | undefined;
    return parties?.representants_legaux?.[0]?.nom ?? f.mother;
  }

  remaining(): DemoRecord[] {
    return this.records.filter((r) => !this.taken.has(r));
  }
}
