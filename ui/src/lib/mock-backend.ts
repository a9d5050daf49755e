// In-memory stand-in for the Rust core, used ONLY when the UI runs in a plain
// browser (see `initBackend` in ipc.ts); never loaded inside Tauri.
// It answers the same command names with the same shapes, and fails the way
// the core does: by rejecting with a plain `{ code, message }` object.
//
// URL switches (for screen tests in a browser):
//   ?state=absent|ready|damaged   store state at start (default absent)
//   ?keychain=missing             create_store needs passphrase-only mode
//   ?unlockError=<error-code>     unlock always fails with this code
//   ?idle=<seconds>               idle-lock time of sessions (default 900)
//   ?role=<role>                  role of the ready store's user (default analyst)
//   ?admin=1                      that user is also an administrator
//   ?delay=<ms>                   simulated latency of commands other than store_status (default 250)
//   ?reports=<n>                  grow the data set to n reports (search performance checks)
//   ?sync=offline | ?bundle=rejected | ?gateway=none | ?syncStep=<ms>   exchange (see mock/exchange.ts)
//   ?save=cancel                  every native save dialog is cancelled: exports answer null and write nothing
//   ?clearance=OFFICIAL           the signed-in person is cleared to OFFICIAL only (default OFFICIAL-SENSITIVE)
// In state "ready" the user is `analyst` with passphrase `correct horse battery`.

import type {
  CreateStoreInput,
  ErrorCode,
  IpcError,
  KeychainMode,
  Marking,
  Role,
  SessionInfo,
  SetupResult,
  StoreState,
  StoreStatus,
} from "./ipc";

export interface MockOptions {
  state: StoreState;
  role: Role;
  isAdmin: boolean;
  keychainAvailable: boolean;
  unlockError: ErrorCode | null;
  idleLockSeconds: number;
  delayMs: number;
  /** ?reports=<n>: grow the data set to n reports (search performance checks). */
  reports?: number;
  /** Exchange switches (?sync=offline, ?bundle=rejected, ?gateway=none, ?syncStep=<ms>). */
  exchange?: ExchangeOptions;
  /** ?save=cancel: the person cancels every save dialog. */
  saveCancelled?: boolean;
  /** ?clearance=OFFICIAL: the signed-in person's clearance (default OFFICIAL-SENSITIVE). */
  clearance?: Marking;
}

export const MOCK_STORE_DIR = "/home/analyst/.local/share/intel-desk (browser mock: nothing is saved)";
export const MOCK_USER = { username: "analyst", passphrase: "correct horse battery" } as const;
const MAX_FAILURES_BEFORE_BACKOFF = 3;

const ERROR_CODES: readonly ErrorCode[] = [
  "wrong-credentials", "keychain-unavailable", "keychain-secret-missing", "store-not-found",
  "store-exists", "store-damaged", "backed-off", "permission-denied", "user-locked",
  "session-locked", "invalid-input", "marking-refused", "illegal-transition", "not-found",
  "conflict", "audit-tampered", "storage", "internal",
];

export function mockOptionsFromSearch(search: string): MockOptions {
  const q = new URLSearchParams(search);
  const state = q.get("state");
  const unlockError = q.get("unlockError");
  const idle = Number(q.get("idle"));
  const delay = Number(q.get("delay"));
  return {
    state: state === "ready" || state === "damaged" ? state : "absent",
    role: ROLES.includes(q.get("role") as Role) ? (q.get("role") as Role) : "analyst",
    isAdmin: q.get("admin") === "1",
    keychainAvailable: q.get("keychain") !== "missing",
    unlockError: ERROR_CODES.includes(unlockError as ErrorCode) ? (unlockError as ErrorCode) : null,
    idleLockSeconds: Number.isFinite(idle) && idle > 0 ? idle : 900,
    delayMs: q.has("delay") && Number.isFinite(delay) && delay >= 0 ? delay : 250,
    ...bulkReportsOption(q),
    exchange: exchangeOptionsFromSearch(search),
    ...(q.get("save") === "cancel" ? { saveCancelled: true } : {}),
    ...(q.get("clearance") === "OFFICIAL" || q.get("clearance") === "OFFICIAL-SENSITIVE" ? { clearance: q.get("clearance") as Marking } : {}),
  };
}

interface MockUser {
  username: string;
  displayName: string;
  role: Role;
  isAdmin: boolean;
  passphrase: string;
}

function fail(code: ErrorCode, message: string): never {
  const err: IpcError = { code, message };
  throw err;
}

/** Same shape as the core's key (an age identity): not a real one. */
function fakeRecoveryKey(): string {
  const bech32 = "QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L";
  const bytes = new Uint8Array(58);
  globalThis.crypto.getRandomValues(bytes);
  return "AGE-SECRET-KEY-1" + Array.from(bytes, (b) => bech32[b % 32]).join("");
}

import { documentsPath, type MockContext, type Handlers } from "./mock/context";
import { seedData } from "./mock/seed";
import { mockPermits } from "./mock/permissions";
import { recordsHandlers } from "./mock/records";
import { bulkReportsOption, growReports, searchHandlers } from "./mock/search";
import { adminHandlers } from "./mock/admin";
import { createExchangeHandlers, exchangeOptionsFromSearch, type ExchangeOptions } from "./mock/exchange";
import { taskingHandlers } from "./mock/tasking";
import { productsHandlers } from "./mock/products";
import { referencesHandlers } from "./mock/references";

const WORKSPACE_HANDLERS: Handlers = { ...recordsHandlers, ...searchHandlers, ...adminHandlers, ...taskingHandlers, ...productsHandlers, ...referencesHandlers };

const ROLES: readonly Role[] = [
  "director-of-intelligence", "intelligence-manager", "intelligence-officer", "principal-analyst", "analyst", "researcher",
];

export function createMockBackend(options: MockOptions) {
  let state: StoreState = options.state;
  let keychainMode: KeychainMode | null = state === "absent" ? null : "os-keychain";
  let unitName = "North Region Intelligence Unit";
  const users = new Map<string, MockUser>();
  if (state !== "absent") {
    users.set(MOCK_USER.username, {
      username: MOCK_USER.username,
      displayName: "A. Analyst",
      role: options.role,
      isAdmin: options.isAdmin,
      passphrase: MOCK_USER.passphrase,
    });
  }
  let session: SessionInfo | null = null;
  let failures = 0;
  const data = seedData();
  if (options.reports) growReports(data, options.reports);
  let auditSeq = 0;
  const handlers: Handlers = {
    ...WORKSPACE_HANDLERS,
    ...createExchangeHandlers(options.exchange ?? exchangeOptionsFromSearch("")),
  };
  const ctx: MockContext = {
    data,
    session: () => session ?? fail("session-locked", "No one is signed in: unlock Intel Desk to continue."),
    can: (a) => (session ? mockPermits(session.role, session.isAdmin, a) : false),
    audit: (action, target, details) => {
      auditSeq += 1;
      const prev = data.audit[data.audit.length - 1]?.hash ?? "0".repeat(64);
      data.audit.push({
        seq: auditSeq, at: new Date().toISOString(), actor: session?.username ?? "-", action, target, reason: "",
        details: JSON.stringify(details ?? {}), prev_hash: prev, hash: auditSeq.toString(16).padStart(64, "0"),
      });
    },
    fail,
    now: () => new Date().toISOString(),
    saveAs: (fileName) => (options.saveCancelled ? null : documentsPath(ctx.session().username, fileName)),
    ...(options.clearance ? { clearance: options.clearance } : {}),
  };

  function sessionFor(u: MockUser): SessionInfo {
    return {
      username: u.username,
      displayName: u.displayName,
      role: u.role,
      isAdmin: u.isAdmin,
      unitName,
      idleLockSeconds: options.idleLockSeconds,
    };
  }

  function storeStatus(): StoreStatus {
    return {
      state,
      storeDir: MOCK_STORE_DIR,
      keychainMode,
      message:
        state === "damaged"
          ? "The store could not be opened: its database file is not readable (file is not a database). " +
            "Do not create a new store. Restore the latest backup (intel restore), or ask the intelligence manager."
          : null,
    };
  }

  function createStore(input: CreateStoreInput): SetupResult {
    if (state !== "absent") fail("store-exists", `A store already exists in ${MOCK_STORE_DIR}. Unlock it instead.`);
    if (!input.unitName.trim()) fail("invalid-input", "The unit name is empty; type the unit's name.");
    if (!input.adminUsername.trim()) fail("invalid-input", "The username is empty; choose a username.");
    if (!input.adminDisplayName.trim()) fail("invalid-input", "The display name is empty; type the administrator's name.");
    const n = [...input.passphrase].length;
    if (n < 12) {
      fail(
        "invalid-input",
        `the passphrase must be at least 12 characters (it has ${n}); a few unrelated words are easy to remember`,
      );
    }
    if (!options.keychainAvailable && !input.passphraseOnly) {
      fail(
        "keychain-unavailable",
        "This workstation has no usable OS keychain (no Secret Service is running). " +
          "Start the desktop keyring, then try again.",
      );
    }
    const admin: MockUser = {
      username: input.adminUsername.trim(),
      displayName: input.adminDisplayName.trim(),
      role: "intelligence-manager",
      isAdmin: true,
      passphrase: input.passphrase,
    };
    users.set(admin.username, admin);
    // A new store holds no intelligence (the seed is for previews of a ready store).
    for (const list of [data.reports, data.entities, data.associations, data.links, data.disseminations, data.audit, data.references]) {
      list.length = 0;
    }
    data.referenceFormats = {};
    data.nextReport = 1;
    unitName = input.unitName.trim();
    state = "ready";
    keychainMode = input.passphraseOnly ? "passphrase-only" : "os-keychain";
    session = sessionFor(admin);
    return { recoveryKey: fakeRecoveryKey(), session };
  }

  function unlock(username: string, passphrase: string): SessionInfo {
    if (state === "absent") fail("store-not-found", `There is no store in ${MOCK_STORE_DIR}. Set one up first.`);
    if (state === "damaged") fail("store-damaged", storeStatus().message ?? "The store is damaged.");
    if (options.unlockError) {
      const messages: Partial<Record<ErrorCode, string>> = {
        "user-locked": "This account is locked. An administrator can unlock it.",
        "keychain-secret-missing": "The OS keychain no longer holds this store's secret. Use the recovery key (intel recover).",
        "store-damaged": "The store could not be opened: it is damaged. Restore the latest backup.",
        "backed-off": "Too many failed attempts. Wait 30 seconds, then try again.",
      };
      fail(options.unlockError, messages[options.unlockError] ?? `Mock failure: ${options.unlockError}.`);
    }
    if (failures >= MAX_FAILURES_BEFORE_BACKOFF) {
      const wait = 2 ** (failures - MAX_FAILURES_BEFORE_BACKOFF) * 5;
      failures += 1;
      fail("backed-off", `Too many failed attempts. Wait ${wait} seconds, then try again.`);
    }
    const user = users.get(username.trim());
    if (!user || user.passphrase !== passphrase) {
      failures += 1;
      fail("wrong-credentials", "The username or passphrase is wrong.");
    }
    failures = 0;
    session = sessionFor(user);
    return session;
  }

  /** `Session::change_own_passphrase_checked`: the current passphrase must open the person's own key slot. */
  async function changePassphrase(current: string, next: string): Promise<null> {
    const s = ctx.session();
    if (ctx.data.users.find((u) => u.username === s.username)?.locked) {
      fail("user-locked", "your account has been locked by an administrator");
    }
    const n = [...next].length;
    if (n < 12) {
      fail("invalid-input", `the passphrase must be at least 12 characters (it has ${n}); a few unrelated words are easy to remember`);
    }
    // The core runs its slow key derivation twice (open the old slot, wrap the new one).
    if (options.delayMs > 0) await new Promise((r) => setTimeout(r, options.delayMs * 4));
    const user =
      users.get(s.username) ??
      fail("store-damaged", "your key slot is missing from keys.json; ask an administrator to reset your passphrase");
    if (user.passphrase !== current) fail("wrong-credentials", "the current passphrase is wrong; nothing was changed");
    user.passphrase = next;
    ctx.audit("user.change-passphrase", `user:${s.username}`);
    return null;
  }

  function lock(): null {
    if (!session) fail("session-locked", "The session is already locked.");
    session = null;
    return null;
  }

  async function handle(cmd: string, args: unknown): Promise<unknown> {
    // Status answers at once (as the core does); other calls take a moment so busy states show.
    if (options.delayMs > 0 && cmd !== "store_status") await new Promise((r) => setTimeout(r, options.delayMs));
    const a = (args ?? {}) as Record<string, unknown>;
    switch (cmd) {
      case "store_status":
        return storeStatus();
      case "create_store":
        return createStore(a.input as CreateStoreInput);
      case "unlock":
        return unlock(String(a.username ?? ""), String(a.passphrase ?? ""));
      case "lock":
        return lock();
      case "change_passphrase":
        return changePassphrase(String(a.current ?? ""), String(a.newPassphrase ?? ""));
      default: {
        const h = handlers[cmd];
        if (!h) return fail("internal", `The browser mock does not implement "${cmd}".`);
        ctx.session();
        return h(a, ctx);
      }
    }
  }

  return { handle };
}

export type MockBackend = ReturnType<typeof createMockBackend>;
