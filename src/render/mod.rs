//! Rendering the policy and reports: sanitised HTML, word-level diffs, PDF.

pub mod diff;
pub mod html;
pub mod pdf;
pub mod policy;
pub mod typst;
