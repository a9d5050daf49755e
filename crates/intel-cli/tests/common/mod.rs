#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Runs the real `intel` binary against stores in temp folders.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub const PASS: &str = "correct horse battery staple";

pub fn intel_bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_intel"))
}

pub struct Store {
    pub dir: tempfile::TempDir,
    /// Input files for commands, outside the store folder.
    pub inputs: tempfile::TempDir,
}

impl Store {
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// `intel` with the store, acting user and passphrase set; a fast (but
    /// still 64 MiB) key derivation keeps the suite quick.
    pub fn cmd(&self, user: &str, pass: &str) -> Command {
        let mut c = Command::new(intel_bin());
        c.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", std::env::var_os("HOME").unwrap_or_default())
            .env("INTEL_STORE", self.path())
            .env("INTEL_USER", user)
            .env("INTEL_PASSPHRASE", pass)
            .env("INTEL_KDF_TARGET_MS", "1");
        for var in ["DBUS_SESSION_BUS_ADDRESS", "XDG_RUNTIME_DIR", "TMPDIR"] {
            if let Some(v) = std::env::var_os(var) {
                c.env(var, v);
            }
        }
        c
    }

    pub fn run(&self, user: &str, args: &[&str]) -> Output {
        self.cmd(user, PASS).args(args).output().expect("run intel")
    }

    /// Runs and insists on success; returns stdout.
    pub fn ok(&self, user: &str, args: &[&str]) -> String {
        let out = self.run(user, args);
        assert!(out.status.success(), "intel {args:?} failed ({}):\n{}", out.status, String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    }

    pub fn write_file(&self, name: &str, text: &str) -> PathBuf {
        let p = self.inputs.path().join(name);
        std::fs::write(&p, text).unwrap();
        p
    }
}

/// A passphrase-only store with `boss` (manager + admin).
pub fn new_store() -> Store {
    new_store_with(&["--keychain", "none"])
}

pub fn new_store_with(extra: &[&str]) -> Store {
    let s = Store {
        dir: tempfile::Builder::new().prefix("intel-cli-test").tempdir().unwrap(),
        inputs: tempfile::Builder::new().prefix("intel-cli-inputs").tempdir().unwrap(),
    };
    let mut args = vec!["init", "--unit", "Test Unit", "--admin", "boss"];
    args.extend_from_slice(extra);
    let out = s.cmd("boss", PASS).args(&args).output().unwrap();
    assert!(out.status.success(), "init failed: {}", String::from_utf8_lossy(&out.stderr));
    s
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}
