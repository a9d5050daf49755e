use std::path::{Path, PathBuf};

#[derive(Debug, Clone)]
pub struct StorePaths {
    pub dir: PathBuf,
    pub db: PathBuf,
    pub keyfile: PathBuf,
    pub checkpoint: PathBuf,
    pub failures: PathBuf,
    pub lock: PathBuf,
}

impl StorePaths {
    pub fn new(dir: impl AsRef<Path>) -> Self {
        let dir = dir.as_ref().to_path_buf();
        StorePaths {
            db: dir.join("store.db"),
            keyfile: dir.join("keys.json"),
            checkpoint: dir.join("audit.checkpoint"),
            failures: dir.join("unlock-failures.json"),
            lock: dir.join("store.lock"),
            dir,
        }
    }

    pub fn sidecars(&self) -> [PathBuf; 2] {
        let s = self.db.as_os_str().to_owned();
        let mut wal = s.clone();
        wal.push("-wal");
        let mut shm = s;
        shm.push("-shm");
        [PathBuf::from(wal), PathBuf::from(shm)]
    }

    /// Every file that belongs to a store; set-up refuses if any exists.
    pub fn all_files(&self) -> Vec<PathBuf> {
        let mut v = vec![self.db.clone(), self.keyfile.clone(), self.checkpoint.clone(), self.failures.clone(), self.lock.clone()];
        v.extend(self.sidecars());
        v
    }
}
