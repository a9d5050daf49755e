// The one door between the UI and the Rust core.
//
// Only this module imports `@tauri-apps/*` or the generated bindings; screens
// and components import functions and types from here. Every call returns the
// plain value and throws an `IpcFailure` (with the backend's error code and
// message) when the command answers `status: "error"`. A rejected invoke that
// is a JS `Error` (IPC itself broke) is re-thrown unchanged.

import { commands } from "./bindings";
import type {
  CreateStoreInput,
  ErrorCode,
  IpcError,
  SessionInfo,
  SetupResult,
  StoreStatus,
} from "./bindings";

export type {
  CreateStoreInput,
  ErrorCode,
  IpcError,
  KeychainMode,
  Role,
  SessionInfo,
  SetupResult,
  StoreState,
  StoreStatus,
} from "./bindings";

/** What tauri-specta's generated commands resolve to. */
export type Result<T, E> = { status: "ok"; data: T } | { status: "error"; error: E };

/** A command answered with `{ status: "error", error: { code, message } }`. */
export class IpcFailure extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = "IpcFailure";
    this.code = code;
  }
}

/** Unwraps a tauri-specta `Result`, throwing `IpcFailure` on error. */
export function unwrap<T>(result: Result<T, IpcError>): T {
  if (result.status === "ok") return result.data;
  const err = result.error as Partial<IpcError> | null | undefined;
  // Be defensive: a malformed error must still surface as a failure.
  const code = (typeof err?.code === "string" ? err.code : "internal") as ErrorCode;
  const message =
    typeof err?.message === "string" && err.message !== ""
      ? err.message
      : "The application core returned an error without details.";
  throw new IpcFailure(code, message);
}

// Captured at load time: Tauri injects `__TAURI_INTERNALS__` before any page
// script runs, whereas the browser mock installs it later (see initBackend).
const launchedInTauri = detectTauri();

function detectTauri(): boolean {
  return typeof window !== "undefined" && "__TAURI_INTERNALS__" in window;
}

/** True when the page runs inside the Tauri webview (not a plain browser). */
export function isTauri(): boolean {
  return launchedInTauri;
}

export type BackendKind = "tauri" | "mock";

let backendReady: Promise<BackendKind> | null = null;

/**
 * Call once before any command. Inside Tauri this does nothing. In a plain
 * browser it installs the in-memory mock backend (a separate chunk that is
 * never loaded inside Tauri) so screens can be opened and tested there.
 * The mock reads `?state=absent|ready|damaged` from the page URL.
 */
export function initBackend(): Promise<BackendKind> {
  if (!backendReady) {
    backendReady = launchedInTauri ? Promise.resolve("tauri") : installMock();
  }
  return backendReady;
}

async function installMock(): Promise<BackendKind> {
  const [{ mockIPC }, { createMockBackend, mockOptionsFromSearch }] = await Promise.all([
    import("@tauri-apps/api/mocks"),
    import("./mock-backend"),
  ]);
  const backend = createMockBackend(mockOptionsFromSearch(window.location.search));
  mockIPC((cmd, args) => backend.handle(cmd, args), { shouldMockEvents: true });
  return "mock";
}

// ---- commands -------------------------------------------------------------

/** Whether a store exists here and can be opened. Never answers an error. */
export async function storeStatus(): Promise<StoreStatus> {
  await initBackend();
  return commands.storeStatus();
}

/** First run: create the store and its administrator; signs them in. */
export async function createStore(input: CreateStoreInput): Promise<SetupResult> {
  await initBackend();
  return unwrap(await commands.createStore(input));
}

export async function unlock(username: string, passphrase: string): Promise<SessionInfo> {
  await initBackend();
  return unwrap(await commands.unlock(username, passphrase));
}

export async function lock(): Promise<void> {
  await initBackend();
  unwrap(await commands.lock());
}
