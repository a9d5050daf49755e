import type { Role } from "./ipc";

const LABELS: Record<Role, string> = {
  "director-of-intelligence": "Director of Intelligence",
  "intelligence-manager": "Intelligence Manager",
  "intelligence-officer": "Intelligence Officer",
  "principal-analyst": "Principal Analyst",
  analyst: "Analyst",
  researcher: "Researcher",
};

export function roleLabel(role: Role): string {
  return LABELS[role] ?? role;
}
