//! Tools for measuring the workbench, not for officers: a realistic synthetic
//! register at the size a decade of records gives ([`generate`]), a realistic mbox to
//! import ([`mbox`]), and the in-process measurements `workbench dev bench` reports
//! ([`bench`]). Everything is deterministic for a seed ([`rng`]); the register is
//! written through [`crate::Register::write`] like every other change.

pub mod bench;
pub mod generate;
pub mod mbox;
pub mod rng;
pub mod text;
