// Provider states as verify sees them: a source that sets a state up (a states file played
// against the target, or the vendor's state-change URL), and the log of every change asked for,
// so an interaction whose state could not be set up is reported as not verified, with why.

export type StateParams = Record<string, unknown>;

export interface StateChange {
  state: string;
  params: StateParams;
  action: "setup" | "teardown";
}

export type StateAnswer = { ok: true; values: Record<string, unknown> } | { ok: false; error: string };

export interface StateSource {
  /** How the vendor declared its states, for the report (`states file x.yaml`, `hook URL`). */
  readonly description: string;
  change(change: StateChange): Promise<StateAnswer>;
}

export interface StateEvent {
  seq: number;
  at: string;
  /** Who asked: `pact` (the verifier) or a checklist point. */
  by: string;
  state: string;
  params: StateParams;
  action: StateChange["action"];
  ok: boolean;
  error: string | null;
  values: Record<string, unknown> | null;
}

/** A source with no states at all: every state is refused, so its interactions are not verified. */
export const NO_STATES: StateSource = {
  description: "no provider states declared (neither --states nor --states-url)",
  change: async ({ state }) => ({
    ok: false,
    error: `no provider states were declared (--states FILE or --states-url URL), so '${state}' cannot be set up`,
  }),
};

export class StateLog {
  readonly events: StateEvent[] = [];
  readonly source: StateSource;
  readonly #now: () => number;

  constructor(source: StateSource, now: () => number) {
    this.source = source;
    this.#now = now;
  }

  /**
   * Plays a change on the source and logs it. The log keeps the values with anything that looks
   * like a secret (keys, tokens, passwords) cut short, since it goes into the reports; the caller
   * gets them whole.
   */
  async change(
    change: StateChange,
    by: string,
  ): Promise<{ event: StateEvent; values: Record<string, unknown> }> {
    let answer: StateAnswer;
    try {
      answer = await this.source.change(change);
    } catch (err) {
      answer = { ok: false, error: err instanceof Error ? err.message : String(err) };
    }
    const event: StateEvent = {
      seq: this.events.length + 1,
      at: new Date(this.#now()).toISOString(),
      by,
      state: change.state,
      params: change.params,
      action: change.action,
      ok: answer.ok,
      error: answer.ok ? null : answer.error,
      values: answer.ok ? redacted(answer.values) : null,
    };
    this.events.push(event);
    return { event, values: answer.ok ? answer.values : {} };
  }
}

const SECRET = /key|token|secret|password|credential/i;

function redacted(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(values).map(([k, v]) => [
      k,
      SECRET.test(k) && typeof v === "string" ? `${v.slice(0, 4)}…(redacted)` : v,
    ]),
  );
}
