import { describe, expect, it } from "vitest";
import { AGE_PREFIX, recoveryKeyDisplay } from "./recovery";

describe("recoveryKeyDisplay", () => {
  const body = "QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7LQPZRY9X8GF2TVDW0S3JN54KHCE"; // 58 chars
  const key = AGE_PREFIX + body;

  it("keeps the prefix apart and groups the rest by 4", () => {
    expect(key.length).toBe(74);
    const d = recoveryKeyDisplay(key);
    expect(d.prefix).toBe(AGE_PREFIX);
    expect(d.length).toBe(74);
    expect(d.groups).toHaveLength(15);
    expect(d.groups[0]).toBe("QPZR");
    expect(d.groups[14]).toBe("CE");
    expect(d.prefix + d.groups.join("")).toBe(key);
  });

  it("ignores whitespace in the input and handles other formats", () => {
    expect(recoveryKeyDisplay(" ABCD EFGH\nIJ ").groups).toEqual(["ABCD", "EFGH", "IJ"]);
    expect(recoveryKeyDisplay("ABCDEFGH").prefix).toBeNull();
  });
});
