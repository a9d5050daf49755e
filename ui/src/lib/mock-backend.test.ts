import { describe, expect, it } from "vitest";
import { createMockBackend, MOCK_USER, mockOptionsFromSearch, type MockOptions } from "./mock-backend";

const opts = (o: Partial<MockOptions> = {}): MockOptions => ({ ...mockOptionsFromSearch(""), delayMs: 0, ...o });
const input = {
  unitName: "Unit",
  adminUsername: "jsmith",
  adminDisplayName: "Jo Smith",
  passphrase: "correct horse battery",
  passphraseOnly: false,
};

describe("mockOptionsFromSearch", () => {
  it("defaults to a first run", () => {
    expect(mockOptionsFromSearch("")).toMatchObject({ state: "absent", keychainAvailable: true, unlockError: null });
  });
  it("reads the URL switches and ignores nonsense", () => {
    expect(mockOptionsFromSearch("?state=ready&keychain=missing&unlockError=user-locked&idle=30&delay=0&role=intelligence-manager&admin=1")).toEqual({
      state: "ready",
      role: "intelligence-manager",
      isAdmin: true,
      keychainAvailable: false,
      unlockError: "user-locked",
      idleLockSeconds: 30,
      delayMs: 0,
      exchange: { syncOffline: false, bundleRejected: false, gatewayConfigured: true, syncStepMs: 700 },
    });
    expect(mockOptionsFromSearch("?state=evil&unlockError=nope&idle=-1")).toMatchObject({
      state: "absent",
      unlockError: null,
      idleLockSeconds: 900,
    });
  });
});

describe("mock backend", () => {
  it("first run: create, lock, unlock with the new admin", async () => {
    const b = createMockBackend(opts());
    expect(await b.handle("store_status", undefined)).toMatchObject({ state: "absent", message: null });
    const r = (await b.handle("create_store", { input })) as { recoveryKey: string; session: { isAdmin: boolean } };
    expect(r.recoveryKey).toMatch(/^AGE-SECRET-KEY-1[02-9AC-HJ-NP-Z]{58}$/);
    expect(r.session.isAdmin).toBe(true);
    expect(await b.handle("store_status", undefined)).toMatchObject({ state: "ready", keychainMode: "os-keychain" });
    await expect(b.handle("create_store", { input })).rejects.toMatchObject({ code: "store-exists" });
    expect(await b.handle("lock", undefined)).toBeNull();
    await expect(b.handle("lock", undefined)).rejects.toMatchObject({ code: "session-locked" });
    expect(await b.handle("unlock", { username: "jsmith", passphrase: input.passphrase })).toMatchObject({
      displayName: "Jo Smith",
      unitName: "Unit",
    });
  });

  it("rejects a short passphrase like the core", async () => {
    const b = createMockBackend(opts());
    await expect(b.handle("create_store", { input: { ...input, passphrase: "short" } })).rejects.toMatchObject({
      code: "invalid-input",
    });
  });

  it("without a keychain, needs passphrase-only mode", async () => {
    const b = createMockBackend(opts({ keychainAvailable: false }));
    await expect(b.handle("create_store", { input })).rejects.toMatchObject({ code: "keychain-unavailable" });
    await b.handle("create_store", { input: { ...input, passphraseOnly: true } });
    expect(await b.handle("store_status", undefined)).toMatchObject({ keychainMode: "passphrase-only" });
  });

  it("ready: wrong passphrase, then back-off after repeated failures", async () => {
    const b = createMockBackend(opts({ state: "ready" }));
    for (let i = 0; i < 3; i++) {
      await expect(b.handle("unlock", { username: MOCK_USER.username, passphrase: "nope" })).rejects.toMatchObject({
        code: "wrong-credentials",
      });
    }
    await expect(
      b.handle("unlock", { username: MOCK_USER.username, passphrase: MOCK_USER.passphrase }),
    ).rejects.toMatchObject({ code: "backed-off", message: expect.stringMatching(/Wait 5 seconds/) });
  });

  it("ready: the demo user unlocks", async () => {
    const b = createMockBackend(opts({ state: "ready" }));
    expect(await b.handle("unlock", { ...MOCK_USER })).toMatchObject({ role: "analyst" });
  });

  it("damaged: status explains, unlock refuses, nothing can be created", async () => {
    const b = createMockBackend(opts({ state: "damaged" }));
    const s = (await b.handle("store_status", undefined)) as { message: string };
    expect(s.message).toMatch(/Do not create a new store/);
    await expect(b.handle("unlock", { ...MOCK_USER })).rejects.toMatchObject({ code: "store-damaged" });
    await expect(b.handle("create_store", { input })).rejects.toMatchObject({ code: "store-exists" });
  });

  it("forced unlock error", async () => {
    const b = createMockBackend(opts({ state: "ready", unlockError: "keychain-secret-missing" }));
    await expect(b.handle("unlock", { ...MOCK_USER })).rejects.toMatchObject({ code: "keychain-secret-missing" });
  });

  it("change_passphrase: the current one is required, then only the new one unlocks", async () => {
    const b = createMockBackend(opts({ state: "ready", role: "intelligence-manager" }));
    const next = "plum kettle harbour";
    await expect(b.handle("change_passphrase", { current: MOCK_USER.passphrase, newPassphrase: next })).rejects.toMatchObject({
      code: "session-locked",
    });
    await b.handle("unlock", { ...MOCK_USER });
    await expect(b.handle("change_passphrase", { current: "not my passphrase", newPassphrase: next })).rejects.toEqual({
      code: "wrong-credentials",
      message: "the current passphrase is wrong; nothing was changed",
    });
    await expect(b.handle("change_passphrase", { current: MOCK_USER.passphrase, newPassphrase: "short" })).rejects.toMatchObject({
      code: "invalid-input",
      message: expect.stringMatching(/at least 12 characters \(it has 5\)/),
    });
    expect(await b.handle("change_passphrase", { current: MOCK_USER.passphrase, newPassphrase: next })).toBeNull();
    const trail = (await b.handle("audit_entries", { target: "user:analyst", limit: 10 })) as { action: string; actor: string }[];
    expect(trail).toEqual([expect.objectContaining({ action: "user.change-passphrase", actor: "analyst" })]);
    await b.handle("lock", undefined);
    await expect(b.handle("unlock", { ...MOCK_USER })).rejects.toMatchObject({ code: "wrong-credentials" });
    expect(await b.handle("unlock", { username: MOCK_USER.username, passphrase: next })).toMatchObject({ username: "analyst" });
  });

  it("?save=cancel: every save dialog is cancelled, so exports answer null and nothing is audited", async () => {
    expect(mockOptionsFromSearch("?save=cancel").saveCancelled).toBe(true);
    const b = createMockBackend(opts({ state: "ready", role: "intelligence-manager", isAdmin: true, saveCancelled: true }));
    await b.handle("unlock", { ...MOCK_USER });
    // Reading the trail is itself audited (audit.read); anything else would be an export.
    const exports = async () =>
      ((await b.handle("audit_entries", { target: null, limit: 1000 })) as { action: string }[]).filter((e) => e.action !== "audit.read");
    const before = (await exports()).length;
    const product = `PP-${new Date().getUTCFullYear()}-0001`;
    expect(await b.handle("export_product", { reference: product, format: "pdf" })).toBeNull();
    expect(await b.handle("export_tasking_package", { request: { product, requirements: [], actions: [], peers: ["ws-south-02"] } })).toBeNull();
    expect(await b.handle("export_search_csv", { query: { text: "" }, columns: ["reference"] })).toBeNull();
    expect(await b.handle("export_to_file", { kind: "records", peerIds: ["ws-south-02"], reason: null, all: false })).toBeNull();
    expect(await b.handle("export_enrolment", {})).toBeNull();
    expect((await exports()).length).toBe(before);
  });

  it("a save dialog accepted offers the shell's file name in the person's Documents", async () => {
    const b = createMockBackend(opts({ state: "ready", role: "intelligence-manager" }));
    await b.handle("unlock", { ...MOCK_USER });
    const product = `PP-${new Date().getUTCFullYear()}-0001`;
    expect(await b.handle("export_product", { reference: product, format: "pdf" })).toMatchObject({ path: `/home/analyst/Documents/${product}.pdf` });
  });

  it("unknown commands fail as internal", async () => {
    await expect(createMockBackend(opts()).handle("drop_tables", {})).rejects.toMatchObject({ code: "internal" });
  });
});
