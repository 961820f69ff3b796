/**
 * "My scenarios": what this browser shared, kept in its local storage (the server lists nothing without
 * the edit token). Each entry holds the edit token, so the author can save new versions or withdraw.
 */
export interface MyScenario {
  id: string;
  name: string;
  token: string;
  latest: number;
  /** The latest version's share id (its link is /s/<shareId>); absent in entries kept before share ids. */
  latestShare?: string;
  createdAt: string;
  updatedAt: string;
  withdrawn?: boolean;
}

const KEY = 'capsim:mine';
type Store = Pick<Storage, 'getItem' | 'setItem'>;

export function listMine(storage: Store | null): MyScenario[] {
  if (!storage) return [];
  try {
    const v = JSON.parse(storage.getItem(KEY) ?? '[]') as MyScenario[];
    return Array.isArray(v) ? v.filter((e) => e && typeof e.id === 'string' && typeof e.token === 'string') : [];
  } catch {
    return [];
  }
}

/** Add or update an entry (newest first). */
export function rememberMine(storage: Store | null, entry: MyScenario): MyScenario[] {
  const list = [entry, ...listMine(storage).filter((e) => e.id !== entry.id)];
  storage?.setItem(KEY, JSON.stringify(list));
  // The token also under its own key, as earlier versions of the app stored it.
  storage?.setItem(`capsim:token:${entry.id}`, entry.token);
  return list;
}

export function findMine(storage: Store | null, id: string): MyScenario | null {
  return listMine(storage).find((e) => e.id === id) ?? null;
}
