/**
 * `capsim db backup FILE` (SQLite's online backup: safe while the server runs) and `capsim db export`
 * (every stored version as a JSON line). Restoring is copying a backup into place as CAPSIM_DB.
 */
import { Command } from '@commander-js/extra-typings';
import { DbPathError, openDb } from '../../store/db.ts';
import { SqliteStore, versionJson } from '../../store/store.ts';
import type { Io } from '../io.ts';
import { emit, forceOption, quietOption, usage, withOutputs } from '../policy.ts';

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
  const db = new Command('db').description('back up or export the scenario store of the server');
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
        if (o.out) out.claim(o.out);
        const source = openExisting(dbPath(o));
        let lines = '';
        try {
          for (const v of new SqliteStore(source).all()) lines += `{"deleted":${v.deleted},${versionJson(v).slice(1)}\n`;
        } finally {
          source.close();
        }
        emit(io, out, o.out, lines);
      });
    });
  return db;
}
