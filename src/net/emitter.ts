/** A minimal typed event emitter (no Node `events` in the page). */
export class Emitter<Events extends Record<string, unknown[]>> {
  private readonly listeners: { [K in keyof Events]?: Set<(...args: Events[K]) => void> } = {};

  /** Subscribe; returns the unsubscribe function. */
  on<K extends keyof Events>(event: K, fn: (...args: Events[K]) => void): () => void {
    const set = (this.listeners[event] ??= new Set());
    set.add(fn);
    return () => set.delete(fn);
  }

  emit<K extends keyof Events>(event: K, ...args: Events[K]): void {
    for (const fn of [...(this.listeners[event] ?? [])]) fn(...args);
  }

  clear(): void {
    for (const k of Object.keys(this.listeners)) delete this.listeners[k as keyof Events];
  }
}
