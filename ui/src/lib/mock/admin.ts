// Browser-mock handlers for the admin screens (owned by that screen family).
import type { Handlers } from "./context";

export const adminHandlers: Handlers = {};
