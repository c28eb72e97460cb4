//! `review-triage`: the engine on the command line (native only; the wasm build is the extension).

#[cfg(not(target_arch = "wasm32"))]
mod cli;

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    cli::main()
}

/// Built only so that `cargo test --target wasm32-unknown-unknown` can compile the package.
#[cfg(target_arch = "wasm32")]
fn main() {}

/// mimalloc: the CLI allocates per review (strings, findings, JSON); see Cargo.toml.
#[cfg(not(target_arch = "wasm32"))]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
