'use client';
/** Copies a link to the clipboard, with a fallback for pages served over plain http (no Clipboard API). */
import { useState } from 'react';

async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // fall through to the textarea trick
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.appendChild(area);
  area.select();
  let ok = false;
  try {
    ok = document.execCommand('copy');
  } catch {
    ok = false;
  }
  area.remove();
  return ok;
}

export function CopyLinkButton({ href }: { href: () => string }) {
  const [copied, setCopied] = useState<'idle' | 'copied' | 'failed'>('idle');
  const [lastLink, setLastLink] = useState('');
  return (
    <button
      type="button"
      className="btn"
      data-copied-link={lastLink}
      title="Copy a link to this scan with the plot, channels, zoom and colormap shown"
      onClick={async () => {
        const link = href();
        setLastLink(link);
        setCopied((await copyText(link)) ? 'copied' : 'failed');
        setTimeout(() => setCopied('idle'), 2000);
      }}
    >
      {copied === 'copied' ? 'Link copied' : copied === 'failed' ? 'Copy failed' : 'Copy link'}
    </button>
  );
}
