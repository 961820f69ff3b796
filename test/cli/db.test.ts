// capsim db backup / export, and restoring from a backup.
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Io } from '../../cli/io.ts';
import { runCli } from '../../cli/program.ts';
import { openDb } from '../../store/db.ts';
import { SqliteStore } from '../../store/store.ts';

async function cli(...argv: string[]) {
  let stdout = '', stderr = '';
  const io: Io = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), stderrIsTTY: false };
  return { code: await runCli(argv, io), stdout, stderr };
}
const meta = { modelVersion: 'capsim-model@2', schemaVersion: 'capsim/scenario@2', results: '{"runs":1}' };

describe('capsim db', () => {
  const dir = mkdtempSync(join(tmpdir(), 'capsim-db-cli-'));
  const path = join(dir, 'live.db');
  const store = new SqliteStore(openDb(path));
  const a = store.create({ name: 'A' }, meta);
  store.update(a.id, a.editToken, { name: 'A, second version' }, meta);
  const b = store.create({ name: 'B' }, meta);
  store.remove(b.id, b.editToken);

  it('backs up a live database that restores with every version', async () => {
    const backup = join(dir, 'backup.db');
    const r = await cli('db', 'backup', backup, '--db', path);
    expect(r.code).toBe(0);
    expect((await cli('db', 'backup', backup, '--db', path)).code).toBe(2); // never overwrites without --force
    const restored = join(dir, 'restored.db');
    copyFileSync(backup, restored);
    const again = new SqliteStore(openDb(restored));
    const v = again.versions(a.id);
    expect(v.status === 'ok' && v.value.map((x) => x.name)).toEqual(['A', 'A, second version']);
    expect(again.version(b.id, 1).status).toBe('deleted');
    const got = again.version(a.id, 2);
    expect(got.status === 'ok' && got.value.results).toEqual({ runs: 1 });
  });

  it('exports every version as a JSON line, tombstones marked', async () => {
    const r = await cli('db', 'export', '--db', path);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.id, l.version, l.name, l.deleted])).toEqual([[a.id, 1, 'A', false], [a.id, 2, 'A, second version', false], [b.id, 1, '', true]]);
  });

  it('names a database that does not exist, with exit 2', async () => {
    const r = await cli('db', 'export', '--db', join(dir, 'typo.db'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`no database at ${join(dir, 'typo.db')}`);
  });
});
