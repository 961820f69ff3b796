/**
 * A select that acts on confirmation, not on focus movement (issue 19 #14): Chromium fires `change` on every
 * arrow key of a closed select, which opened a new example per key press. Arrow keys now only browse; Enter,
 * or a choice with the pointer (a change without a preceding browsing key), applies; leaving the select after
 * browsing puts back `current()`.
 */
const BROWSING = new Set(['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'Home', 'End', 'PageUp', 'PageDown']);

export function confirmSelect(apply: (value: string) => void, current: () => string) {
  let browsing = false;
  return {
    onkeydown(e: KeyboardEvent & { currentTarget: HTMLSelectElement }) {
      if (BROWSING.has(e.key)) browsing = true;
      else if (e.key === 'Enter') {
        e.preventDefault();
        browsing = false;
        if (e.currentTarget.value !== current()) apply(e.currentTarget.value);
      }
    },
    onchange(e: Event & { currentTarget: HTMLSelectElement }) {
      if (!browsing) apply(e.currentTarget.value);
    },
    onblur(e: FocusEvent & { currentTarget: HTMLSelectElement }) {
      if (browsing) e.currentTarget.value = current();
      browsing = false;
    },
    onpointerdown() {
      browsing = false;
    },
  };
}
