// The core's permission matrix (crates/intel-core/src/domain/permission.rs),
// mirrored for the browser mock only. The real app asks the core.

import type { Action, Role } from "../ipc";

const ADMIN_ONLY: Action[] = ["manage-users", "manage-configuration", "rotate-data-key", "manage-trust"];

export function mockPermits(role: Role, isAdmin: boolean, action: Action): boolean {
  if (ADMIN_ONLY.includes(action)) return isAdmin;
  const any = (...roles: Role[]) => roles.includes(role);
  switch (action) {
    case "record-read":
    case "search":
      return true;
    case "record-create":
      return any("intelligence-officer", "intelligence-manager", "researcher", "director-of-intelligence");
    case "view-original-text":
      return any("intelligence-officer", "intelligence-manager", "director-of-intelligence");
    case "evaluate":
    case "sanitise":
      return any("intelligence-officer", "intelligence-manager");
    case "develop":
      return any("intelligence-officer", "intelligence-manager", "researcher", "analyst", "principal-analyst");
    case "merge-entities":
      return any("intelligence-officer", "intelligence-manager", "principal-analyst");
    case "change-status":
      return any("intelligence-officer", "intelligence-manager", "principal-analyst", "analyst");
    case "request-dissemination":
      return any("intelligence-officer", "intelligence-manager");
    case "authorise-dissemination":
      return any("intelligence-manager", "director-of-intelligence");
    case "review":
      return any("intelligence-manager", "intelligence-officer");
    case "read-audit":
      return any("intelligence-manager", "director-of-intelligence") || isAdmin;
    case "export-bundle":
    case "export-full-bundle":
      return any("intelligence-manager", "director-of-intelligence");
    case "sync":
    case "import-bundle":
      return any("intelligence-officer", "intelligence-manager", "director-of-intelligence");
    case "manage-meetings":
    case "manage-requirements":
    case "manage-operational-review":
      return any("director-of-intelligence", "intelligence-manager", "principal-analyst");
    case "sign-off-meeting":
    case "set-control-strategy":
    case "approve-requirement":
    case "approve-product":
      return any("director-of-intelligence", "intelligence-manager");
    case "answer-requirement":
      return !any("director-of-intelligence");
    case "manage-actions":
      return !any("researcher");
    case "draft-product":
      return any("researcher", "analyst", "principal-analyst", "intelligence-manager");
    case "review-product":
      return any("analyst", "principal-analyst", "intelligence-manager");
    case "export-product":
      return !any("intelligence-officer");
    default:
      return false;
  }
}

export const ALL_ACTIONS: Action[] = [
  "record-create", "record-read", "view-original-text", "evaluate", "sanitise", "develop", "merge-entities",
  "change-status", "request-dissemination", "authorise-dissemination", "review", "search", "read-audit",
  "manage-users", "manage-configuration", "rotate-data-key", "export-bundle",
  "export-full-bundle", "import-bundle", "sync", "manage-trust",
  "manage-meetings", "sign-off-meeting", "set-control-strategy", "manage-requirements", "approve-requirement",
  "answer-requirement", "manage-actions", "manage-operational-review", "draft-product", "review-product",
  "approve-product", "export-product",
];
