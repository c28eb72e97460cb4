//! Reading review records from JSON lines or CSV, keeping every bad line as a reported error
//! instead of dropping it. (Filled in by the CLI work.)
