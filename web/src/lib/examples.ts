/** The example scenarios shipped in scenarios/examples, keyed by file name. */
const files = import.meta.glob('../../../scenarios/examples/*.json', { eager: true, import: 'default' }) as Record<string, Record<string, unknown>>;

export const EXAMPLES: Record<string, Record<string, unknown>> = Object.fromEntries(
  Object.entries(files).map(([path, json]) => {
    const rest = { ...json };
    delete rest.$schema;
    return [path.split('/').pop()!.replace(/\.json$/, ''), rest];
  }),
);
