//! Gives freed memory back to the system.
//!
//! glibc's allocator keeps the memory a burst of work freed (opening a large register, the
//! dashboard's first queries, a report) for reuse, so the app's resident size stays at its
//! peak: about 100 MB more than it holds, measured with a million requests open. After such
//! work the app asks glibc to return it (`malloc_trim`), which takes a few milliseconds.

use std::time::{Duration, Instant};

/// Work that took longer than this is followed by a trim.
const HEAVY: Duration = Duration::from_millis(100);

/// Returns the heap's free memory to the system (glibc on Linux; elsewhere nothing).
pub fn release_freed() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only walks the allocator's own free lists; it takes no pointer.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Runs `f`; when it took long enough to have built and freed a lot, trims afterwards.
pub fn after_heavy<T>(f: impl FnOnce() -> T) -> T {
    let started = Instant::now();
    let value = f();
    if started.elapsed() >= HEAVY {
        release_freed();
    }
    value
}

/// Trims once the first screen has settled (its queries and charts done).
pub fn release_after_startup() {
    std::thread::spawn(|| {
        std::thread::sleep(Duration::from_millis(500));
        release_freed();
    });
}
