'use client';
/** A button that copies a text (a fit result, a Bliss command) and says it did, or why not. */
import { useState } from 'react';

export function CopyButton({ text, label, title }: { text: string; label: string; title?: string }) {
  const [done, setDone] = useState<string | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setDone('copied');
    } catch (e) {
      // Clipboard refused (no permission, not a secure context): the text is on the page to select.
      setDone(`copy refused by the browser (${e instanceof Error ? e.message : String(e)}): select the text instead`);
    }
    setTimeout(() => setDone(null), 2500);
  };
  return (
    <>
      <button type="button" onClick={() => void copy()} title={title ?? `Copy "${text.split('\n')[0]}"`}>
        {label}
      </button>
      {done ? <span role="status">{done}</span> : null}
    </>
  );
}
