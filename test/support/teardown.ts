/**
 * Whatever a set-up started, stopped newest first, each step even when an earlier one failed to stop: a server or a
 * postmaster left running would outlive the run. Steps that fail are reported, not thrown.
 */
export class Teardown {
  private readonly steps: (() => Promise<void> | void)[] = [];

  /** `label` prefixes the report of a failed step, e.g. `[faults] teardown: …`. */
  constructor(private readonly label: string) {}

  add(step: () => Promise<void> | void): void {
    this.steps.push(step);
  }

  /** Runs every step added so far, newest first; later steps may be added and run again. */
  async run(): Promise<void> {
    for (const step of this.steps.splice(0).reverse()) {
      try {
        await step();
      } catch (err) {
        console.error(`${this.label} teardown: ${(err as Error).message}`);
      }
    }
  }
}
