// Where the signed-in person is in the workspace. One route at a time, with a
// history for "Back" (Alt+Left). Screens receive the Nav and call `go`.

import type { Action, ExternalSystem, Marking, SessionInfo } from "./ipc";

export type Route =
  | { screen: "my-work" }
  | { screen: "intake" }
  | { screen: "evaluate"; reference: string }
  | { screen: "sanitise"; reference: string }
  | { screen: "develop"; reference: string }
  | { screen: "search" }
  | { screen: "record"; reference: string }
  | { screen: "entity"; id: number }
  /** Everything carrying one reference to another system; without one, the lookup box alone. */
  | { screen: "reference"; system?: ExternalSystem; value?: string }
  | { screen: "disseminate"; reference?: string }
  | { screen: "exchange" }
  | { screen: "tasking" }
  | { screen: "products"; reference?: string }
  | { screen: "admin" };

export type ScreenName = Route["screen"];

export class Nav {
  route = $state<Route>({ screen: "my-work" });
  #history: Route[] = [];

  go(route: Route): void {
    this.#history.push(this.route);
    if (this.#history.length > 50) this.#history.shift();
    this.route = route;
  }

  back(): boolean {
    const prev = this.#history.pop();
    if (!prev) return false;
    this.route = prev;
    return true;
  }

  get canGoBack(): boolean {
    return this.#history.length > 0;
  }
}

/** What every workspace screen receives. */
export interface ScreenProps {
  session: SessionInfo;
  /** Whether the person's role permits an action (the core enforces it regardless). */
  can: (action: Action) => boolean;
  nav: Nav;
  /** The highest marking of what the screen shows; drives the banners. */
  setMarking: (marking: Marking) => void;
}

/** The higher of two markings. */
export function higherMarking(a: Marking, b: Marking): Marking {
  return a === "OFFICIAL-SENSITIVE" || b === "OFFICIAL-SENSITIVE" ? "OFFICIAL-SENSITIVE" : "OFFICIAL";
}
