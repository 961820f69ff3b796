/** Types of scripts/build-cli.mjs (plain JavaScript, so that it runs before anything is compiled). */
export const BUNDLE: string;
export function isStale(): boolean;
export function build(): Promise<string>;
export function ensureBuilt(): Promise<string>;
