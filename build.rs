//! Embeds the web pages' assets: writes `$OUT_DIR/web_assets.rs`, a table of
//! `(path, include_bytes!(...))` for every file under the served folders of `web/`.
//!
//! Why a generated `include_bytes!` table rather than an embedding crate (rust-embed,
//! include_dir): it costs no dependency, the bytes are in the binary in debug builds too
//! (rust-embed reads the disk in debug unless told otherwise, so tests would not serve
//! what ships), and `src/http/assets.rs` hashes exactly these bytes for the fingerprinted
//! URLs. Node.js is never needed here: the vendored files are committed.

use std::fs;
use std::path::{Path, PathBuf};

/// The folders of `web/` that are served, under `/assets/<hash>/<folder>/...`. Everything
/// else there (npm manifests, node_modules, tsconfig) is tooling and stays out.
const SERVED: [&str; 4] = ["app", "apidocs", "graphiql", "vendor/graphiql"];

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let web = root.join("web");
    let mut files = Vec::new();
    for dir in SERVED {
        println!("cargo:rerun-if-changed=web/{dir}");
        collect(&web.join(dir), &mut files);
    }
    files.sort();
    let mut table = String::from("&[\n");
    for file in &files {
        let rel = file
            .strip_prefix(&web)
            .expect("under web/")
            .to_str()
            .expect("asset paths are UTF-8")
            .replace('\\', "/");
        table.push_str(&format!(
            "    ({rel:?}, include_bytes!({:?})),\n",
            file.to_str().expect("asset paths are UTF-8")
        ));
    }
    table.push(']');
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("set by cargo"));
    fs::write(out.join("web_assets.rs"), table).expect("OUT_DIR is writable");
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    let entries =
        fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("readable directory entry").path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.starts_with('.') {
            continue;
        }
        if path.is_dir() {
            println!("cargo:rerun-if-changed={}", path.display());
            collect(&path, files);
        } else {
            files.push(path);
        }
    }
}
