// Browser-mock handlers for the records screens (owned by that screen family).
import type { Handlers } from "./context";

export const recordsHandlers: Handlers = {};
