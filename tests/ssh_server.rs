//! Deployment 1 of `docs/deploy.md` against a real OpenSSH server on 127.0.0.1.
//!
//! The test starts its own `sshd` (foreground, an unprivileged free port, host and user
//! keys made by `ssh-keygen` in a temporary directory) whose `authorized_keys` line is
//! the documented forced command `command="parcours --as demo …",restrict,pty`, then
//! plays the referent holding that key: the PDF timesheet arrives on the client's
//! standard output; every export path but `-`, shells, `--as`, `--db`, `--config`, `scp`,
//! `sftp` and port forwarding are refused. When `sshd` is not installed it says it is
//! skipped and passes (`.ci/run` installs it).
//!
//! sshd passes the client none of its environment, so the forced command pins the date
//! and the language itself (`env PARCOURS_TODAY=… LANG=C parcours …`).

use std::fs;
use std::io::Read;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

/// Where Debian installs the server.
const SSHD: &str = "/usr/sbin/sshd";

/// The longest any one client command may take.
const COMMAND_TIMEOUT: Duration = Duration::from_secs(60);

/// A started process killed (and reaped) when the test ends, pass or fail.
struct KillOnDrop(Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        // Already gone is fine: the point is that nothing outlives the test.
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The server, its files and how to reach it.
struct Server {
    dir: tempfile::TempDir,
    port: u16,
    user: String,
    _sshd: KillOnDrop,
}

impl Server {
    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Client options: no host key check, no agent, no user configuration, this key only.
    fn options(&self) -> Vec<String> {
        let key = self.path("user_key");
        [
            "-F",
            "/dev/null",
            "-o",
            "StrictHostKeyChecking=no",
            "-o",
            "UserKnownHostsFile=/dev/null",
            "-o",
            "BatchMode=yes",
            "-o",
            "IdentitiesOnly=yes",
            "-o",
            "IdentityAgent=none",
            "-o",
            "LogLevel=ERROR",
            "-o",
            "ConnectTimeout=20",
            "-i",
            key.to_str().expect("a UTF-8 temporary path"),
        ]
        .map(str::to_owned)
        .to_vec()
    }

    /// `ssh [extra] -p PORT -l USER 127.0.0.1 [remote]`, bounded in time.
    fn ssh(&self, extra: &[&str], remote: &[&str]) -> Output {
        let mut cmd = Command::new("ssh");
        cmd.args(self.options())
            .args(extra)
            .args(["-p", &self.port.to_string(), "-l", &self.user, "127.0.0.1"])
            .args(remote);
        bounded(cmd)
    }

    /// `scp [extra] -P PORT USER@127.0.0.1:REMOTE LOCAL`, bounded in time.
    fn scp(&self, extra: &[&str], remote: &str, local: &Path) -> Output {
        let mut cmd = Command::new("scp");
        cmd.args(self.options())
            .args(extra)
            .args(["-P", &self.port.to_string()])
            .arg(format!("{}@127.0.0.1:{remote}", self.user))
            .arg(local);
        bounded(cmd)
    }
}

/// Runs `cmd` with no input, collecting its output; kills it past [`COMMAND_TIMEOUT`].
fn bounded(mut cmd: Command) -> Output {
    let mut child = KillOnDrop(
        cmd.stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start the command"),
    );
    let mut stdout = child.0.stdout.take().expect("piped stdout");
    let mut stderr = child.0.stderr.take().expect("piped stderr");
    let out = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = stdout.read_to_end(&mut bytes);
        bytes
    });
    let err = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = stderr.read_to_end(&mut bytes);
        bytes
    });
    let deadline = Instant::now() + COMMAND_TIMEOUT;
    let status = loop {
        if let Some(status) = child.0.try_wait().expect("wait for the command") {
            break status;
        }
        assert!(Instant::now() < deadline, "{cmd:?} did not finish in time");
        sleep(Duration::from_millis(20));
    };
    Output {
        status,
        stdout: out.join().expect("stdout reader"),
        stderr: err.join().expect("stderr reader"),
    }
}

/// Output of a tool that must succeed.
fn run_ok(cmd: &mut Command) -> Output {
    let out = cmd.output().expect("run the tool");
    assert!(out.status.success(), "{cmd:?}: {out:?}");
    out
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The current user's login (root in CI).
fn current_user() -> String {
    let out = run_ok(Command::new("id").arg("-un"));
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

/// A TCP port nobody listens on now (the kernel's pick; sshd takes it right after).
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

/// Waits until something accepts connections on `port`, for at most 15 s, while
/// `process` (which should listen there) runs; `log` tells why if it stopped.
fn wait_for_port(port: u16, process: &mut Child, log: &Path) {
    let deadline = Instant::now() + Duration::from_secs(15);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        if let Ok(Some(status)) = process.try_wait() {
            panic!(
                "it exited ({status}) before listening on {port}: {}",
                fs::read_to_string(log).unwrap_or_default()
            );
        }
        assert!(
            Instant::now() < deadline,
            "nothing listened on {port} in time"
        );
        sleep(Duration::from_millis(50));
    }
}

/// Generates an ed25519 key pair at `path` (and `path.pub`).
fn keygen(path: &Path) {
    run_ok(
        Command::new("ssh-keygen")
            .args(["-q", "-t", "ed25519", "-N", ""])
            .arg("-f")
            .arg(path),
    );
}

/// The demo database, the keys, `authorized_keys` with the forced command, `sshd_config`;
/// then sshd, listening.
fn start_server() -> Server {
    let dir = tempfile::tempdir().expect("temporary directory");
    let p = |name: &str| dir.path().join(name);
    let parcours = env!("CARGO_BIN_EXE_parcours");
    let db = p("plie.db");
    let config = p("config.toml");
    fs::write(&config, "").expect("write an empty configuration");
    run_ok(
        Command::new(parcours)
            .env("PARCOURS_TODAY", "2026-11-23")
            .env("LANG", "C")
            .env_remove("PARCOURS_DB")
            .args(["demo", "--no-tui", "--participants", "50", "--years", "1"])
            .arg("--db")
            .arg(&db)
            .arg("--config")
            .arg(&config),
    );
    keygen(&p("host_key"));
    keygen(&p("user_key"));
    let public = fs::read_to_string(p("user_key.pub")).expect("read the public key");
    // The documented line, with the date and language pinned for the test.
    let forced = format!(
        "env PARCOURS_TODAY=2026-11-23 LANG=C {parcours} --as demo --db {} --config {}",
        db.display(),
        config.display()
    );
    fs::write(
        p("authorized_keys"),
        format!("command=\"{forced}\",restrict,pty {}", public.trim()),
    )
    .expect("write authorized_keys");
    let port = free_port();
    fs::write(
        p("sshd_config"),
        format!(
            "Port {port}\nListenAddress 127.0.0.1\nHostKey {host}\nPidFile {pid}\n\
             AuthorizedKeysFile {keys}\nUsePAM no\nStrictModes no\n\
             PasswordAuthentication no\nKbdInteractiveAuthentication no\n\
             PubkeyAuthentication yes\nPermitRootLogin forced-commands-only\n\
             Subsystem sftp internal-sftp\nLogLevel VERBOSE\n",
            host = p("host_key").display(),
            pid = p("sshd.pid").display(),
            keys = p("authorized_keys").display(),
        ),
    )
    .expect("write sshd_config");
    let user = current_user();
    if user == "root" && !Path::new("/run/sshd").exists() {
        // sshd run as root needs its privilege-separation directory; the package's
        // service unit creates it at boot, which a container never had.
        fs::create_dir_all("/run/sshd").expect("create /run/sshd");
    }
    let log = p("sshd.log");
    let mut sshd = Command::new(SSHD)
        .args(["-D", "-e", "-f"])
        .arg(p("sshd_config"))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(fs::File::create(&log).expect("create the sshd log"))
        .spawn()
        .expect("start sshd");
    wait_for_port(port, &mut sshd, &log);
    Server {
        dir,
        port,
        user,
        _sshd: KillOnDrop(sshd),
    }
}

/// Whether `tool` can be started.
fn installed(tool: &str, version_flag: &str) -> bool {
    Command::new(tool)
        .arg(version_flag)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok()
}

#[test]
fn a_referents_key_gives_parcours_and_nothing_else() {
    if !Path::new(SSHD).exists() || !installed("ssh", "-V") || !installed("ssh-keygen", "-?") {
        println!("skipped: sshd not installed (apt-get install openssh-server openssh-client)");
        return;
    }
    let server = start_server();

    // The referent's PDF arrives on the client's standard output.
    let pdf = server.ssh(
        &[],
        &[
            "parcours",
            "export",
            "timesheet",
            "--week",
            "2026-W47",
            "--format",
            "pdf",
            "--output",
            "-",
        ],
    );
    assert!(pdf.status.success(), "{}", stderr(&pdf));
    assert!(pdf.stdout.starts_with(b"%PDF-"), "{}", stderr(&pdf));
    let saved = server.path("w47.pdf");
    fs::write(&saved, &pdf.stdout).expect("save the PDF");
    if installed("pdfinfo", "-v") {
        let info = run_ok(Command::new("pdfinfo").arg(&saved));
        assert!(String::from_utf8_lossy(&info.stdout).contains("Pages:"));
    } else {
        println!("pdfinfo not installed: the PDF is only checked by its header");
    }

    // Every output path but `-` is refused, and nothing is written.
    let injected = server.path("authorized_keys2");
    for output in [
        injected.to_str().expect("a UTF-8 temporary path"),
        "~/.ssh/authorized_keys2",
        "w47.pdf",
        "./-",
    ] {
        let out = server.ssh(
            &[],
            &[
                "parcours",
                "export",
                "timesheet",
                "--week",
                "2026-W47",
                "--format",
                "csv",
                "--output",
                output,
            ],
        );
        assert_eq!(out.status.code(), Some(1), "{output}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("over SSH an export can only go to standard output"),
            "{output}: {}",
            stderr(&out)
        );
    }
    let agenda = server.ssh(
        &[],
        &[
            "parcours",
            "export",
            "agenda",
            "--from",
            "2026-11-16",
            "--to",
            "2026-11-22",
            "--format",
            "ics",
            "--output",
            injected.to_str().expect("UTF-8"),
        ],
    );
    assert_eq!(agenda.status.code(), Some(1), "{}", stderr(&agenda));
    assert!(!injected.exists(), "nothing written through the key");

    // No shell, no other identity, database or configuration.
    for (remote, says) in [
        (vec!["bash"], "`bash`"),
        (vec!["sh", "-c", "id"], "`sh`"),
        (
            vec!["parcours", "--as", "coord", "participant", "list"],
            "`--as`",
        ),
        (
            vec!["parcours", "--db", "/tmp/other.db", "participant", "list"],
            "`--db`",
        ),
        (
            vec!["parcours", "participant", "list", "--config", "/tmp/c.toml"],
            "`--config`",
        ),
    ] {
        let out = server.ssh(&[], &remote);
        assert_eq!(out.status.code(), Some(1), "{remote:?}: {}", stderr(&out));
        assert!(stderr(&out).contains(says), "{remote:?}: {}", stderr(&out));
        assert!(out.stdout.is_empty(), "{remote:?}");
    }

    // ssh joins the words with spaces: an argument with spaces is quoted for the remote side.
    let added = server.ssh(
        &[],
        &[
            "parcours",
            "time",
            "add",
            "--date",
            "2026-11-23",
            "--minutes",
            "30",
            "--activity",
            "IND",
            "--note",
            "'bilan de fin'",
        ],
    );
    assert!(added.status.success(), "{}", stderr(&added));
    let listed = server.ssh(
        &[],
        &[
            "parcours", "time", "list", "--week", "2026-W48", "--format", "csv",
        ],
    );
    assert!(listed.status.success(), "{}", stderr(&listed));
    assert!(String::from_utf8_lossy(&listed.stdout).contains("bilan de fin"));

    // No terminal and no command: one clear line.
    let bare = server.ssh(&["-T"], &[]);
    assert_eq!(bare.status.code(), Some(1), "{}", stderr(&bare));
    assert!(stderr(&bare).contains("no terminal"), "{}", stderr(&bare));

    // scp (SFTP protocol, then the legacy one) and sftp meet the forced command instead.
    let copied = server.path("copied");
    for extra in [&[][..], &["-O"][..]] {
        let out = server.scp(extra, "/etc/hostname", &copied);
        assert!(!out.status.success(), "scp {extra:?} succeeded");
        assert!(!copied.exists(), "scp {extra:?} copied a file");
    }
    let batch = server.path("sftp-batch");
    fs::write(&batch, format!("get /etc/hostname {}\n", copied.display())).expect("batch");
    let mut sftp = Command::new("sftp");
    sftp.args(server.options())
        .arg("-b")
        .arg(&batch)
        .args(["-P", &server.port.to_string()])
        .arg(format!("{}@127.0.0.1", server.user));
    let out = bounded(sftp);
    assert!(!out.status.success(), "sftp succeeded");
    assert!(!copied.exists(), "sftp copied a file");

    // Port forwarding: stdio (-W), remote (-R) and local (-L) are all refused.
    let target = format!("127.0.0.1:{}", server.port);
    let stdio = server.ssh(&["-W", &target], &[]);
    assert!(!stdio.status.success(), "ssh -W was allowed");
    let remote = server.ssh(
        &[
            "-N",
            "-o",
            "ExitOnForwardFailure=yes",
            "-R",
            &format!("0:{target}"),
        ],
        &[],
    );
    assert!(!remote.status.success(), "ssh -R was allowed");
    assert_local_forward_refused(&server, &target);
}

/// `ssh -N -L PORT:TARGET`: the client listens, but the server refuses the channel, so
/// a connection through it reads nothing of the target (sshd's own banner here).
fn assert_local_forward_refused(server: &Server, target: &str) {
    let local = free_port();
    let mut cmd = Command::new("ssh");
    cmd.args(server.options())
        .args(["-N", "-L", &format!("127.0.0.1:{local}:{target}")])
        .args([
            "-p",
            &server.port.to_string(),
            "-l",
            &server.user,
            "127.0.0.1",
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    let mut forward = KillOnDrop(cmd.spawn().expect("start ssh -L"));
    let log = server.path("sshd.log");
    wait_for_port(local, &mut forward.0, &log);
    let mut stream = TcpStream::connect(("127.0.0.1", local)).expect("connect to the forward");
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .expect("a read timeout");
    let mut seen = Vec::new();
    // EOF (refused) or a timeout both leave `seen` without the target's banner.
    let _ = stream.read_to_end(&mut seen);
    assert!(
        !seen.starts_with(b"SSH-"),
        "the forward reached the target: {:?}",
        String::from_utf8_lossy(&seen)
    );
}
