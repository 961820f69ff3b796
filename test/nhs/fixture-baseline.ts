/** A baseline built from the SYNTHETIC NHS files of test/fixtures/nhs (scripts/nhs-fixtures.ts), in-process. */
import { createReadStream, statSync } from 'node:fs';
import { join } from 'node:path';
import type { BuildInputs, Selection } from '../../nhs/build.ts';
import { buildArea } from '../../nhs/calibrate.ts';
import type { FileInput } from '../../nhs/csv.ts';
import type { Baseline } from '../../engine/index.ts';

export const NHS_FIXTURES = new URL('../fixtures/nhs/', import.meta.url).pathname;
export const fixtureFile = (name: string, dir = NHS_FIXTURES): FileInput => {
  const path = join(dir, name);
  return { name: path, size: statSync(path).size, open: () => createReadStream(path) };
};

export async function fixtureBaseline(select: Selection = { subIcb: 'A0A' }, withAppointments = true, extra: Partial<BuildInputs> = {}): Promise<Baseline> {
  // The same path as the CLI and the browser's worker (nhs/calibrate.ts buildArea).
  const built = await buildArea({
    registrations: fixtureFile('gp-reg-pat-prac-quin-age.csv'), map: fixtureFile('gp-reg-pat-prac-map.csv'), workforce: fixtureFile('GPWPracticeCSV.072026.zip'),
    pcnWorkforce: fixtureFile('PCNWFIndividualCSV.062026.zip'), ...(withAppointments ? { appointments: [fixtureFile('Practice_Level_Crosstab_Jul_26.zip')] } : {}), ...extra,
  }, { select });
  return built.baseline;
}
