fn main() -> std::process::ExitCode {
    brink_common::launch::run(brink_common::launch::INGEST, brink_ingest::serve)
}

/// jemalloc returns freed memory to the system more readily than glibc's per-thread arenas,
/// which keeps the resident size of a long-running service close to what it uses.
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;
