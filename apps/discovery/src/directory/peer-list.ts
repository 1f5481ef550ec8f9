/** A member as the discovery layer sees it (the admin API's member view). */
export interface PeerMember {
  readonly name: string;
  readonly state: string;
  readonly tags: Readonly<Record<string, string>>;
}

/** Tag naming the service a member provides. */
export const SERVICE_TAG = 'service';
/** Tag holding the URL at which a member serves it. */
export const URL_TAG = 'url';

/**
 * Folds a membership snapshot and its changes into the sorted list of peer URLs that provide one
 * service (members alive or suspect, tagged `service=<name>` with a `url` tag). Pure.
 */
export class PeerList {
  readonly #service: string;
  readonly #members = new Map<string, PeerMember>();
  #last: string[] | undefined;

  /**
   * @param service - the service name to follow.
   */
  constructor(service: string) {
    this.#service = service;
  }

  /** Replace everything with a snapshot (on connect or reconnect). */
  reset(members: readonly PeerMember[]): void {
    this.#members.clear();
    for (const m of members) this.#members.set(m.name, m);
  }

  /**
   * Apply one change.
   *
   * @param type - `join`, `leave`, `update`, `suspect` or `alive`.
   * @param member - the member after the change.
   */
  apply(type: string, member: PeerMember): void {
    if (type === 'leave') this.#members.delete(member.name);
    else this.#members.set(member.name, member);
  }

  /** The current peer URLs, sorted. */
  peers(): string[] {
    const urls: string[] = [];
    for (const m of this.#members.values()) {
      if (m.state !== 'alive' && m.state !== 'suspect') continue;
      const url = m.tags[URL_TAG];
      if (m.tags[SERVICE_TAG] === this.#service && url !== undefined) urls.push(url);
    }
    return urls.sort();
  }

  /**
   * The peer list if it differs from the one last returned by this method, else `undefined`.
   * Callers yield only changes, so a reconnect that finds the same peers stays silent.
   */
  changed(): string[] | undefined {
    const now = this.peers();
    if (
      this.#last !== undefined &&
      now.length === this.#last.length &&
      now.every((p, i) => p === this.#last![i])
    )
      return undefined;
    this.#last = now;
    return now;
  }
}
