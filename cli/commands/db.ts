/**
 * `capsim db backup FILE` (SQLite's online backup: safe while the server runs), `capsim db export` (every
 * stored version as a JSON line, streamed) and `capsim db prune-baselines` (stored baselines no version uses).
 * Restoring is copying a backup into place as CAPSIM_DB.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { Command } from '@commander-js/extra-typings';
import { DbPathError, openDb } from '../../store/db.ts';
import { SqliteStore, versionJson } from '../../store/store.ts';
import { shortKey } from '../../engine/core.ts';
import type { Io } from '../io.ts';
import { failure, forceOption, int, quietOption, usage, withOutputs } from '../policy.ts';

const dbOption = '--db <path>';
const dbHelp = 'the database (default: CAPSIM_DB or ./data/capsim.db)';
const dbPath = (o: { db?: string }) => o.db ?? process.env.CAPSIM_DB ?? './data/capsim.db';

function openExisting(path: string) {
  try {
    return openDb(path, { mustExist: true });
  } catch (e) {
    throw usage(e instanceof DbPathError ? `${e.message} (set --db or CAPSIM_DB)` : `cannot open ${path}: ${(e as Error).message}`);
  }
}

export function dbCommand(io: Io) {
  const db = new Command('db').description('back up, export or tidy the scenario store of the server');
  db.command('backup')
    .description('copy the database with SQLite\'s online backup (safe while the server runs)')
    .argument('<file>', 'the backup file to write')
    .option(dbOption, dbHelp)
    .addOption(forceOption()).addOption(quietOption())
    .addHelpText('after', '\nThe backup is written to a temporary file and renamed when complete: an interrupted backup leaves nothing.\nRestore by stopping the server and using the backup as CAPSIM_DB.\n\nExample:\n  capsim db backup backups/capsim-2026-11-24.db')
    .action(async (file, o) => {
      await withOutputs(o.force, async (out) => {
        out.claim(file);
        const source = openExisting(dbPath(o));
        try {
          await source.backup(out.tempFor(file));
        } finally {
          source.close();
        }
      });
      if (!o.quiet) io.stderr(`capsim: backed up ${dbPath(o)} to ${file}\n`);
    });
  db.command('export')
    .description('write every stored version as JSON lines (id, version, share id, name, dates, model, scenario, results)')
    .option(dbOption, dbHelp)
    .option('--out <file>', 'write to a file instead of standard output')
    .addOption(forceOption()).addOption(quietOption())
    .action(async (o) => {
      await withOutputs(o.force, (out) => {
        // A line at a time, to the file or standard output: a store of any size is exported in little memory.
        const fd = o.out ? openSync(out.tempFor(o.out), 'w') : null;
        const source = openExisting(dbPath(o));
        try {
          for (const v of new SqliteStore(source).all()) {
            const line = `{"deleted":${v.deleted},${versionJson(v).slice(1)}\n`;
            if (fd === null) io.stdout(line);
            else writeSync(fd, line);
          }
        } catch (e) {
          throw failure(`cannot export${o.out ? ` to ${o.out}` : ''}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
        } finally {
          source.close();
          if (fd !== null) closeSync(fd);
        }
      });
    });
  db.command('prune-baselines')
    .description('remove stored baselines that no saved version uses (the server keeps them until then)')
    .option(dbOption, dbHelp)
    .option('--older-than <days>', 'only those stored at least this many days ago (a baseline is stored just before the scenario that uses it is shared)', int('--older-than', 0), 1)
    .addOption(quietOption())
    .action((o) => {
      const source = openExisting(dbPath(o));
      try {
        const r = new SqliteStore(source).pruneBaselines(new Date(Date.now() - o.olderThan * 86_400_000));
        if (!o.quiet) io.stderr(`capsim: removed ${r.removed.length} stored baseline(s) no version uses (${(r.bytes / 1024 / 1024).toFixed(1)} MB)${r.removed.length ? `: ${r.removed.map(shortKey).join(', ')}` : ''}\n`);
      } finally {
        source.close();
      }
    });
  return db;
}
