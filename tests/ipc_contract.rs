//! The contract between the Rust shell and the web UI: the committed
//! TypeScript bindings match the commands, and every core error code
//! crosses IPC as `{code, message}` under its documented name.

#![allow(clippy::unwrap_used)]

use intel_desk_lib::{export_bindings, IpcError, BINDINGS_PATH};

#[test]
fn bindings_are_current() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let committed = root.join(BINDINGS_PATH);
    if std::env::var_os("INTEL_WRITE_BINDINGS").is_some() {
        export_bindings(&committed).unwrap();
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let fresh = dir.path().join("bindings.ts");
    export_bindings(&fresh).unwrap();
    let want = std::fs::read_to_string(&fresh).unwrap();
    let have = std::fs::read_to_string(&committed).unwrap_or_default();
    assert!(
        want == have,
        "{BINDINGS_PATH} is out of date with the Rust commands: run `INTEL_WRITE_BINDINGS=1 cargo test -p intel-desk --test ipc_contract` and commit it"
    );
}

#[test]
fn every_error_code_crosses_ipc_as_its_documented_name() {
    for c in intel_core::ErrorCode::ALL {
        let e = IpcError::from(intel_core::CoreError::new(c, "m"));
        let v = serde_json::to_value(&e).unwrap();
        assert_eq!(v["code"], serde_json::Value::String(c.as_str().into()));
        assert_eq!(v["message"], "m");
    }
}
