// Words for the audit trail's actions, for "Recent activity" lists.

const ACTION_LABELS: Record<string, string> = {
  "report.create": "Recorded a report",
  "report.attach": "Attached a file",
  "report.evaluate": "Evaluated",
  "report.re-evaluate": "Re-evaluated",
  "report.legacy-grade": "Added a legacy grade",
  "report.sanitise": "Sanitised",
  "report.status": "Changed the status",
  "report.review": "Reviewed",
  "report.dispose": "Disposed of the content",
  "report.link-entity": "Linked an entity",
  "entity.create": "Created an entity",
  "entity.associate": "Recorded an association",
  "entity.merge": "Merged entities",
  "entity.unmerge": "Undid a merge",
  "dissemination.request": "Requested a dissemination",
  "dissemination.release": "Disseminated",
  "dissemination.authorise": "Authorised a dissemination",
  "dissemination.refuse": "Refused a dissemination",
  "search.save": "Saved a search",
  "search.delete": "Deleted a saved search",
  "export.csv": "Exported search results",
  "user.create": "Added a user",
  "user.lock": "Locked a user",
  "user.reset-passphrase": "Reset a passphrase",
  "user.change-passphrase": "Changed a passphrase",
  "config.retention": "Changed the retention schedule",
  "config.idle-lock": "Changed the idle lock",
  "config.reference-format": "Changed the reference format",
  "store.create": "Created the store",
  "store.demo-data": "Loaded the demonstration data",
  "store.rotate-key": "Rotated the data key",
  "store.integrity-check": "Checked the store's integrity",
  "store.recover": "Recovered the store",
  "audit.verify": "Verified the audit trail",
};

/** "report.re-evaluate" → "Re-evaluated"; unknown actions shown as they are. */
export function activityLabel(action: string): string {
  return ACTION_LABELS[action] ?? action;
}

/** The report reference of an audit target such as "report:IR-2026-000001", else null. */
export function targetReference(target: string): string | null {
  return target.startsWith("report:") && target.length > 7 ? target.slice(7) : null;
}

/** The entity id of an audit target such as "entity:12", else null. */
export function targetEntity(target: string): number | null {
  const m = /^entity:(\d+)$/.exec(target);
  return m ? Number(m[1]) : null;
}
