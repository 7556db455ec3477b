export interface RequestRecord {
  method: string;
  path: string;
  query: string;
  verb: string;
  resource: string;
  subresource: string;
  namespace: string | undefined;
  name: string | undefined;
  code: number;
  userAgent: string;
}

export interface RequestFilter {
  verb?: string;
  resource?: string;
  namespace?: string;
  method?: string;
}

/** Every request the server answered, so tests can count e.g. LISTs an informer made. */
export class RequestLog {
  readonly entries: RequestRecord[] = [];

  constructor(private readonly max = 100_000) {}

  add(r: RequestRecord): void {
    this.entries.push(r);
    if (this.entries.length > this.max) this.entries.splice(0, this.entries.length - this.max);
  }

  count(f: RequestFilter = {}): number {
    return this.entries.filter(
      (e) =>
        (f.verb === undefined || e.verb === f.verb) &&
        (f.resource === undefined || e.resource === f.resource) &&
        (f.namespace === undefined || e.namespace === f.namespace) &&
        (f.method === undefined || e.method === f.method),
    ).length;
  }

  clear(): void {
    this.entries.length = 0;
  }
}
