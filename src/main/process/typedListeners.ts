/** Named, typed listener sets: `on` returns its own unsubscribe, so a caller never has to keep the function. */
export class TypedListeners<M> {
  private readonly sets = new Map<keyof M, Set<(value: never) => void>>();

  public on<K extends keyof M>(name: K, fn: (value: M[K]) => void): () => void {
    let set = this.sets.get(name);
    if (!set) this.sets.set(name, (set = new Set()));
    set.add(fn);
    return () => {
      set.delete(fn);
    };
  }

  public emit<K extends keyof M>(name: K, value: M[K]): void {
    const set = this.sets.get(name);
    if (!set) return;
    // A copy: a listener may unsubscribe (itself or another) while we iterate.
    for (const fn of [...set]) (fn as (value: M[K]) => void)(value);
  }

  public clear(): void {
    this.sets.clear();
  }
}
