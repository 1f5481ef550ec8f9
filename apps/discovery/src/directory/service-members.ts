/** A member as the directory sees it: name, state and Serf-style tags. */
export interface ServiceMember {
  readonly name: string;
  readonly state: string;
  readonly tags: Readonly<Record<string, string>>;
}

/** One provider of the service. */
export interface Provider {
  readonly name: string;
  readonly url: string;
}

/** What changed between two views ({@link ServiceMembers.take}). */
export interface ServiceChange {
  /** Every provider now, sorted by URL. */
  readonly providers: readonly Provider[];
  /** Names that appeared. */
  readonly joined: readonly string[];
  /** Names that went away, with how: `left` (gracefully) or `failed`. */
  readonly gone: readonly { readonly name: string; readonly how: 'left' | 'failed' }[];
}

/**
 * The providers of one service (members alive or suspect, tagged `service=<name>` with a `url`
 * tag), folded from membership events; {@link ServiceMembers.take} reports what changed since the
 * last call. Pure.
 */
export class ServiceMembers {
  readonly #service: string;
  readonly #members = new Map<string, ServiceMember>();
  readonly #goneHow = new Map<string, 'left' | 'failed'>();
  #last = new Map<string, string>();

  /** @param service - the service to follow. */
  constructor(service: string) {
    this.#service = service;
  }

  /**
   * Apply one membership event.
   *
   * @param type - `join`, `leave`, `update`, `suspect` or `alive`.
   * @param member - the member right after the change.
   */
  apply(type: string, member: ServiceMember): void {
    if (type === 'leave') {
      this.#members.delete(member.name);
      this.#goneHow.set(member.name, member.state === 'left' ? 'left' : 'failed');
    } else {
      this.#members.set(member.name, member);
      this.#goneHow.delete(member.name);
    }
  }

  /** The providers now, sorted by URL. */
  providers(): Provider[] {
    const out: Provider[] = [];
    for (const m of this.#members.values()) {
      const url = m.tags.url;
      if ((m.state === 'alive' || m.state === 'suspect') && m.tags.service === this.#service && url)
        out.push({ name: m.name, url });
    }
    return out.sort((a, b) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0));
  }

  /** What changed since the previous call (the first call reports everyone as joined), or `undefined`. */
  take(): ServiceChange | undefined {
    const providers = this.providers();
    const now = new Map(providers.map((p) => [p.name, p.url]));
    const joined = [...now.keys()].filter((n) => this.#last.get(n) !== now.get(n)).sort();
    const gone = [...this.#last.keys()]
      .filter((n) => !now.has(n))
      .sort()
      .map((name) => ({ name, how: this.#goneHow.get(name) ?? ('left' as const) }));
    const first = this.#last.size === 0 && now.size > 0;
    this.#last = now;
    if (!first && joined.length === 0 && gone.length === 0) return undefined;
    return { providers, joined, gone };
  }
}
