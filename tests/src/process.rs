//! The three services as their own binaries in child processes, so that a test can kill one
//! outright (SIGKILL): unlike a graceful stop, nothing is flushed, no reply is finished, as when
//! a process crashes or is killed by the kernel.

use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use anyhow::Context as _;

/// One service binary running as a child process, started again with the same arguments, hence
/// on the same port and store.
pub struct Process {
    name: &'static str,
    addr: SocketAddr,
    command: Command,
    child: Child,
}

impl Process {
    fn start(
        binaries: &Path,
        name: &'static str,
        data_dir: &Path,
        addr: SocketAddr,
        upstream: &[String],
    ) -> anyhow::Result<Process> {
        let mut command = Command::new(binaries.join(format!("brink-{name}")));
        command
            .arg("--listen")
            .arg(addr.to_string())
            .arg("--data-dir")
            .arg(data_dir.join(name))
            .args(["--metrics-listen", "off"])
            .args(upstream)
            // Followers log at warn while their upstream is down; only errors are news here.
            .env("RUST_LOG", "error")
            .stdout(Stdio::null());
        let child = command
            .spawn()
            .with_context(|| format!("cannot start brink-{name}"))?;
        Ok(Process {
            name,
            addr,
            command,
            child,
        })
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// SIGKILL, then waits for the process to be gone, which releases its store's lock. Fails if
    /// the process had already exited on its own.
    pub fn kill(&mut self) -> anyhow::Result<()> {
        if let Some(status) = self.child.try_wait()? {
            anyhow::bail!("brink-{} exited on its own: {status}", self.name);
        }
        self.child.kill()?;
        self.child.wait()?;
        Ok(())
    }

    pub fn restart(&mut self) -> anyhow::Result<()> {
        self.child = self
            .command
            .spawn()
            .with_context(|| format!("cannot restart brink-{}", self.name))?;
        Ok(())
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A loopback port free a moment ago: the binaries take their address as a flag, and a
/// restarted service must come back on the same one.
fn free_port() -> anyhow::Result<SocketAddr> {
    Ok(TcpListener::bind(("127.0.0.1", 0))?.local_addr()?)
}

/// A pipeline of three service processes, each with its own store under a temporary directory.
pub struct Processes {
    pub dir: tempfile::TempDir,
    pub ingest: Process,
    pub analysis: Process,
    pub query: Process,
}

impl Processes {
    pub fn start() -> anyhow::Result<Processes> {
        let binaries = build_service_binaries()?;
        let dir = tempfile::tempdir()?;
        let root = dir.path();
        let ingest = Process::start(&binaries, "ingest", root, free_port()?, &[])?;
        let upstream = ["--ingest-url".to_owned(), ingest.url()];
        let analysis = Process::start(&binaries, "analysis", root, free_port()?, &upstream)?;
        let upstream = ["--analysis-url".to_owned(), analysis.url()];
        let query = Process::start(&binaries, "query", root, free_port()?, &upstream)?;
        Ok(Processes {
            dir,
            ingest,
            analysis,
            query,
        })
    }
}

/// Builds the service binaries (a no-op when they are up to date) into the target directory
/// and profile the running test was built with, and returns their directory: cargo builds only
/// the test crate's own binaries for its tests, and stale services would test old code.
fn build_service_binaries() -> anyhow::Result<PathBuf> {
    // target/<profile>/deps/<test binary>
    let exe = std::env::current_exe()?;
    let profile_dir = exe
        .parent()
        .and_then(Path::parent)
        .context("test binary outside a target directory")?;
    let target_dir = profile_dir
        .parent()
        .context("profile directory at the root")?;
    let profile = match profile_dir.file_name().and_then(|name| name.to_str()) {
        Some("debug") => "dev",
        Some(name) => name,
        None => anyhow::bail!("unnamed profile directory {}", profile_dir.display()),
    };
    let status = Command::new(env!("CARGO"))
        .args(["build", "--quiet", "--profile", profile, "--target-dir"])
        .arg(target_dir)
        .args([
            "-p",
            "brink-ingest",
            "-p",
            "brink-analysis",
            "-p",
            "brink-query",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .status()
        .context("cannot run cargo to build the service binaries")?;
    anyhow::ensure!(status.success(), "building the service binaries failed");
    Ok(profile_dir.to_owned())
}
