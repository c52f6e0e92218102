//! Running the `toasoan` binary as a script would, for the CLI's tests.

use std::path::Path;
use std::process::{Command, Output};

pub fn toasoan(dir: &Path, lang: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_toasoan"))
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .env("LANG", lang)
        .env_remove("TOASOAN_DATA_DIR")
        .env_remove("TOASOAN_AS")
        .env_remove("TOASOAN_PASSWORD")
        .output()
        .unwrap()
}

/// `toasoan` with extra environment variables and `stdin` written to its standard input.
#[allow(dead_code)] // only the review tests pipe passwords
pub fn toasoan_with(dir: &Path, lang: &str, args: &[&str], env: &[(&str, &str)], stdin: &str) -> Output {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_toasoan"))
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .env("LANG", lang)
        .env_remove("TOASOAN_DATA_DIR")
        .env_remove("TOASOAN_AS")
        .env_remove("TOASOAN_PASSWORD")
        .envs(env.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

#[allow(dead_code)] // not every test file reads stderr
pub fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

/// The one JSON document a `--json` run printed on stdout.
#[allow(dead_code)] // not every test file runs --json
pub fn json_stdout(o: &Output) -> serde_json::Value {
    serde_json::from_str(&stdout(o)).unwrap_or_else(|e| panic!("{e}: {}{}", stdout(o), stderr(o)))
}

/// The `{"error":{"code","message"}}` a refused `--json` run printed on stderr.
#[allow(dead_code)]
pub fn json_error(o: &Output) -> serde_json::Value {
    let doc: serde_json::Value =
        serde_json::from_str(&stderr(o)).unwrap_or_else(|e| panic!("{e}: {}{}", stdout(o), stderr(o)));
    doc["error"].clone()
}

/// Writes a `w` × `h` JPEG named `name` into `dir`, its colours set by `shade` (so photos made
/// with different shades are different files), and returns its path.
#[allow(dead_code)]
pub fn photo_file(dir: &Path, name: &str, w: u32, h: u32, shade: u8) -> String {
    let img = image::RgbImage::from_fn(w, h, |x, y| image::Rgb([x as u8, y as u8, shade]));
    let path = dir.join(name);
    img.save_with_format(&path, image::ImageFormat::Jpeg).unwrap();
    path.to_str().unwrap().to_string()
}

/// The test WordPress (tests/portal/wordpress.sh, started if needed): its site.json.
#[allow(dead_code)] // only the portal tests reach the portal
pub fn wordpress() -> serde_json::Value {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/portal/wordpress.sh");
    let out = std::process::Command::new("bash").arg(&script).arg("start").output().expect("bash runs");
    assert!(
        out.status.success(),
        "the test WordPress did not start: {}\nRun ./scripts/test, which installs it.",
        String::from_utf8_lossy(&out.stderr)
    );
    let path = String::from_utf8(out.stdout).unwrap().trim().to_string();
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Fails unless a Secret Service is reachable (run through tests/portal/with-keyring.sh).
#[allow(dead_code)] // only the portal tests keep passwords
pub fn keyring() {
    assert!(
        std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some(),
        "no D-Bus session, so no keyring: run the tests through tests/portal/with-keyring.sh (./scripts/test does)"
    );
}
