/** Publishes scenarios/schema.json from the one scenario definition in engine/schema.ts. */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { scenarioJsonSchema } from '../engine/schema.ts';

export function schemaText(): string {
  const schema = { $id: 'https://capsim.example/scenario@2.json', title: 'capsim scenario', ...(scenarioJsonSchema() as object) };
  return JSON.stringify(schema, null, 1) + '\n';
}

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(fileURLToPath(new URL('../scenarios/schema.json', import.meta.url)), schemaText());
  console.log('wrote scenarios/schema.json');
}
