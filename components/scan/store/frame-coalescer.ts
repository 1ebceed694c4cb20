/**
 * Many frames per animation frame, one state update: `schedule` asks for `flush` on the next animation
 * frame (a timer where there is none). Hidden tabs get no animation frames: nothing is drawn, and the
 * update lands when the tab is shown again.
 */
export interface Coalescer {
  schedule(): void;
  cancel(): void;
}

export function coalesce(flush: () => void): Coalescer {
  let handle: number | null = null;
  const run = () => {
    handle = null;
    flush();
  };
  return {
    schedule() {
      if (handle !== null) return;
      handle = typeof requestAnimationFrame === 'function' ? requestAnimationFrame(run) : (setTimeout(run, 16) as unknown as number);
    },
    cancel() {
      if (handle === null) return;
      (typeof cancelAnimationFrame === 'function' ? cancelAnimationFrame : clearTimeout)(handle);
      handle = null;
    },
  };
}
