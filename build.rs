//! Generates the traditional↔simplified character tables (`$OUT_DIR/t2s_tables.rs`) from the
//! `fast2s` crate's OpenCC table, at build time: the wasm then carries one sorted table instead
//! of fast2s's runtime (bincode, lazily built hash maps: ~15 KB of code and ~22 KB of data) and
//! nothing is scanned at start-up. `engine::t2s` adds fast2s's few context rules; its tests check
//! that the result equals `fast2s::convert` on the real review corpus.

use std::fmt::Write as _;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let mut buf = [0u8; 4];
    // fast2s converts only 3-byte UTF-8 chars (U+0800..=U+FFFF); alone (no neighbours) a char
    // gets its table entry.
    let mut t2s: Vec<(u16, u16)> = Vec::new();
    for cp in 0x800u32..=0xFFFF {
        let Some(t) = char::from_u32(cp) else { continue };
        let s = fast2s::convert(t.encode_utf8(&mut buf));
        let mut chars = s.chars();
        let (Some(s), None) = (chars.next(), chars.next()) else { panic!("fast2s maps {t} to {s:?}, not one char") };
        if s != t {
            t2s.push((cp as u16, u16::try_from(s as u32).expect("a BMP char")));
        }
    }
    // Keys and values apart: the sorted keys compress well in the wasm's data.
    let mut out = String::new();
    let list = |v: &mut dyn Iterator<Item = u16>| v.map(|x| format!("{x:#x}")).collect::<Vec<_>>().join(",");
    writeln!(out, "/// Traditional chars the table changes, sorted.\npub(crate) static T2S_FROM: [u16; {n}] = [{}];", list(&mut t2s.iter().map(|e| e.0)), n = t2s.len()).unwrap();
    writeln!(out, "/// The simplified char for each of `T2S_FROM`.\npub(crate) static T2S_TO: [u16; {n}] = [{}];", list(&mut t2s.iter().map(|e| e.1)), n = t2s.len()).unwrap();
    let dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    std::fs::write(std::path::Path::new(&dir).join("t2s_tables.rs"), out).expect("OUT_DIR is writable");
}
