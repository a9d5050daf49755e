// Browser-mock handlers for the search screens (owned by that screen family).
import type { Handlers } from "./context";

export const searchHandlers: Handlers = {};
