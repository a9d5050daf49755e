// Display form of the recovery key. The key is an age identity
// ("AGE-SECRET-KEY-1" + 58 characters, 74 in all). It is shown in short
// groups so it can be copied by hand; the core ignores spaces and case when
// the key is typed back (intel recover), so the grouping is safe.

export const AGE_PREFIX = "AGE-SECRET-KEY-1";

export interface RecoveryKeyDisplay {
  /** The fixed prefix, when the key has it. */
  prefix: string | null;
  /** The rest, in groups of `size` characters (the last may be shorter). */
  groups: string[];
  /** Characters in the key without whitespace. */
  length: number;
}

export function recoveryKeyDisplay(key: string, size = 4): RecoveryKeyDisplay {
  const compact = key.replace(/\s+/g, "");
  const hasPrefix = compact.toUpperCase().startsWith(AGE_PREFIX);
  const rest = hasPrefix ? compact.slice(AGE_PREFIX.length) : compact;
  const groups: string[] = [];
  for (let i = 0; i < rest.length; i += size) groups.push(rest.slice(i, i + size));
  return { prefix: hasPrefix ? compact.slice(0, AGE_PREFIX.length) : null, groups, length: compact.length };
}
