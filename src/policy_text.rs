//! Reading a policy from a file: markdown as it is, or plain text in the shape
//! of the company's policy (a title line, a "Last updated:" line, numbered
//! headings such as "1. Who we are", "- " bullets) converted to markdown.

use std::path::Path;

use crate::error::{Error, Result};
use crate::files;

/// The largest policy file we accept.
pub const MAX_POLICY_BYTES: u64 = 5 * 1024 * 1024;

/// Reads a policy file: `.md`/`.markdown` as markdown, `.txt` (or no extension) as plain text.
pub fn read_policy_file(path: &Path) -> Result<String> {
    let text = files::read_text(path, MAX_POLICY_BYTES, "policy file")?;
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let name = path.display().to_string();
    match ext.as_str() {
        "md" | "markdown" => check_markdown(&name, &text).map(|()| text),
        "txt" | "" => from_plain_text(&name, &text),
        other => Err(Error::Invalid(format!(
            "{name}: a policy must be markdown (.md) or plain text (.txt), not .{other}"
        ))),
    }
}

/// Checks markdown an officer gave us before it becomes a draft.
pub fn check_markdown(name: &str, text: &str) -> Result<()> {
    if text.len() as u64 > MAX_POLICY_BYTES {
        return Err(Error::Invalid(format!(
            "{name}: a policy may be at most {MAX_POLICY_BYTES} bytes"
        )));
    }
    if let Some(line) = text.lines().position(|l| l.contains('\0')) {
        return Err(Error::Invalid(format!(
            "{name}, line {}: contains a NUL byte; this is not a text file",
            line + 1
        )));
    }
    if text.trim().is_empty() {
        return Err(Error::Invalid(format!("{name}: the policy is empty")));
    }
    Ok(())
}

/// True for a numbered section heading such as "1. Who we are" or "10. Contact".
fn is_numbered_heading(line: &str) -> bool {
    let Some((number, title)) = line.split_once(". ") else {
        return false;
    };
    !number.is_empty()
        && number.len() <= 3
        && number.bytes().all(|b| b.is_ascii_digit())
        && !title.trim().is_empty()
        && title.len() <= 120
        && !title.trim_end().ends_with('.')
}

/// Escapes what markdown would read as syntax at the start of a plain paragraph.
fn plain_paragraph(line: &str) -> String {
    let trimmed = line.trim();
    let starts_like_syntax = trimmed.starts_with('#')
        || trimmed.starts_with('>')
        || trimmed.starts_with("* ")
        || trimmed.starts_with("+ ")
        || trimmed.starts_with("- ")
        || trimmed.starts_with("```")
        || trimmed.starts_with("---")
        || trimmed
            .split_once(". ")
            .is_some_and(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    if starts_like_syntax {
        format!("\\{trimmed}")
    } else {
        trimmed.to_string()
    }
}

/// Converts seed-shaped plain text to markdown: the first line becomes the title,
/// numbered lines become section headings, "- " / "• " lines bullets, every other
/// line a paragraph. Nothing is dropped or reordered.
pub fn from_plain_text(name: &str, text: &str) -> Result<String> {
    check_markdown(name, text)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut out = String::with_capacity(text.len() + 256);
    let mut in_list = false;
    let mut title_done = false;
    for line in text.lines().map(str::trim_end) {
        if line.trim().is_empty() {
            continue;
        }
        let bullet = line
            .trim_start()
            .strip_prefix("- ")
            .or_else(|| line.trim_start().strip_prefix("• "));
        if let Some(item) = bullet {
            if !in_list && !out.is_empty() {
                out.push('\n');
            }
            out.push_str("- ");
            out.push_str(item.trim());
            out.push('\n');
            in_list = true;
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        in_list = false;
        if !title_done {
            out.push_str("# ");
            out.push_str(line.trim());
            title_done = true;
        } else if is_numbered_heading(line.trim()) {
            out.push_str("## ");
            out.push_str(line.trim());
        } else {
            out.push_str(&plain_paragraph(line));
        }
        out.push('\n');
    }
    if !out.lines().any(|l| l.starts_with("## ")) {
        return Err(Error::Invalid(format!(
            "{name}: found no numbered section headings such as \"1. Who we are\"; is this a policy?"
        )));
    }
    Ok(out)
}
