// Keys of the patient form: Enter in a field never submits a half-filled form (it is where people
// press it by habit); Ctrl+Enter and Ctrl+S (⌘ on a Mac) save on purpose.
import type { KeyboardEvent } from 'react';

export function handleSubmitKeys(e: KeyboardEvent<HTMLFormElement>): void {
  const mod = e.ctrlKey || e.metaKey;
  if (mod && (e.key === 'Enter' || e.key === 's' || e.key === 'S')) {
    e.preventDefault(); // Ctrl+S would otherwise save the web page
    e.currentTarget.requestSubmit();
    return;
  }
  if (e.key !== 'Enter' || mod) return;
  // A textarea keeps its new line and a button its click; a field only moves on.
  const target = e.target;
  if (target instanceof HTMLInputElement || target instanceof HTMLSelectElement) e.preventDefault();
}
