import { describe, expect, it } from "vitest";
import { fileStamp, withExtension } from "./context";

describe("withExtension (Rust's Path::with_extension)", () => {
  it("replaces the last extension of the file name, or adds one", () => {
    expect(withExtension("/home/a/Documents/intel-desk-tasking-20261204-101500.idb", "pdf")).toBe("/home/a/Documents/intel-desk-tasking-20261204-101500.pdf");
    expect(withExtension("/home/a/pkg.tar.idb", "pdf")).toBe("/home/a/pkg.tar.pdf");
    expect(withExtension("/home/a/package", "pdf")).toBe("/home/a/package.pdf");
    expect(withExtension("/home/a.b/package", "pdf")).toBe("/home/a.b/package.pdf");
    expect(withExtension("/home/a/.hidden", "pdf")).toBe("/home/a/.hidden.pdf");
    expect(withExtension("/home/a/brief.pdf", "pdf")).toBe("/home/a/brief.pdf");
  });
});

describe("fileStamp", () => {
  it("writes a UTC instant as the shell's %Y%m%d-%H%M%S", () => {
    expect(fileStamp("2026-12-04T10:15:07.123Z")).toBe("20261204-101507");
  });
});
