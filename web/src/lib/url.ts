/** Scenario <-> URL: the open scenario lives in ?s= (base64url of its JSON), so reload and back/forward work. */
export function encodeScenario(input: unknown): string {
  const bytes = new TextEncoder().encode(JSON.stringify(input));
  let bin = '';
  bytes.forEach((b) => (bin += String.fromCharCode(b)));
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function decodeScenario(text: string): unknown {
  const bin = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return JSON.parse(new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0))));
}
