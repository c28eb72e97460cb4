//! `review-triage` command line. (Placeholder until the CLI work lands.)
fn main() {}
