import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

// Stand-in for Tauri's invoke: records calls, answers what the test says.
const invoke = vi.fn();
vi.mock("@tauri-apps/api/core", () => ({ invoke: (...a: unknown[]) => invoke(...a), Channel: class {} }));
vi.mock("@tauri-apps/api/event", () => ({}));
vi.mock("@tauri-apps/api/webviewWindow", () => ({}));

let ipc: typeof import("./ipc");

beforeAll(async () => {
  // Pretend to be inside Tauri so no browser mock is installed.
  vi.stubGlobal("window", { __TAURI_INTERNALS__: {} });
  ipc = await import("./ipc");
});

beforeEach(() => {
  invoke.mockReset();
});

const session = {
  username: "jsmith",
  displayName: "Jo Smith",
  role: "intelligence-manager",
  isAdmin: true,
  unitName: "Unit",
  idleLockSeconds: 900,
};

describe("ipc", () => {
  it("detects Tauri", async () => {
    expect(ipc.isTauri()).toBe(true);
    expect(await ipc.initBackend()).toBe("tauri");
  });

  it("calls snake_case commands with camelCase arguments", async () => {
    invoke.mockResolvedValueOnce({ state: "ready", storeDir: "/s", keychainMode: "os-keychain", message: null });
    expect((await ipc.storeStatus()).state).toBe("ready");
    expect(invoke).toHaveBeenLastCalledWith("store_status");

    const input = {
      unitName: "U",
      adminUsername: "jsmith",
      adminDisplayName: "Jo Smith",
      passphrase: "correct horse battery",
      passphraseOnly: false,
    };
    invoke.mockResolvedValueOnce({ recoveryKey: "K", session });
    expect(await ipc.createStore(input)).toEqual({ recoveryKey: "K", session });
    expect(invoke).toHaveBeenLastCalledWith("create_store", { input });

    invoke.mockResolvedValueOnce(session);
    expect(await ipc.unlock("jsmith", "pw")).toEqual(session);
    expect(invoke).toHaveBeenLastCalledWith("unlock", { username: "jsmith", passphrase: "pw" });

    invoke.mockResolvedValueOnce(null);
    await expect(ipc.lock()).resolves.toBeUndefined();
    expect(invoke).toHaveBeenLastCalledWith("lock");
  });

  it("turns an error answer into IpcFailure with code and message", async () => {
    invoke.mockRejectedValueOnce({ code: "wrong-credentials", message: "The username or passphrase is wrong." });
    const err = await ipc.unlock("x", "y").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ipc.IpcFailure);
    expect(err).toMatchObject({ code: "wrong-credentials", message: "The username or passphrase is wrong." });
  });

  it("re-throws a JS Error (broken IPC) unchanged", async () => {
    const boom = new Error("ipc down");
    invoke.mockRejectedValueOnce(boom);
    await expect(ipc.lock()).rejects.toBe(boom);
  });

  it("unwrap survives a malformed error", () => {
    expect(() => ipc.unwrap({ status: "error", error: "oops" as never })).toThrowError(ipc.IpcFailure);
    try {
      ipc.unwrap({ status: "error", error: {} as never });
    } catch (e) {
      expect(e).toMatchObject({ code: "internal" });
      expect((e as Error).message).not.toBe("");
    }
  });
});
