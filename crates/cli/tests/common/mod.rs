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
        .output()
        .unwrap()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

#[allow(dead_code)] // not every test file reads stderr
pub fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}
