//! Opening a service's sled store. sled releases a store's file lock only when its background
//! flusher has exited, a moment after the last handle is dropped, so a service restarted in
//! the same process (or right after its predecessor) waits briefly for the lock instead of
//! failing.

use std::time::{Duration, Instant};

/// How long to wait for a predecessor to release the store.
const LOCK_WAIT: Duration = Duration::from_secs(5);

pub fn open(config: &sled::Config) -> sled::Result<sled::Db> {
    let deadline = Instant::now() + LOCK_WAIT;
    loop {
        match config.open() {
            Err(sled::Error::Io(error))
                if error.to_string().contains("could not acquire lock")
                    && Instant::now() < deadline =>
            {
                std::thread::sleep(Duration::from_millis(20));
            }
            result => return result,
        }
    }
}
