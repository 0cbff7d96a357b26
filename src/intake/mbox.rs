//! An mbox mailbox split into its messages. A message starts at a `From ` line that
//! opens the file or follows a blank line; `>From ` lines (mboxrd/mboxo quoting) lose
//! one `>`.

use crate::error::{Error, Result};

/// One message cut out of an mbox, unquoted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    /// 1-based number of the message in the mailbox.
    pub number: usize,
    /// 1-based line of its `From ` separator.
    pub line: usize,
    pub bytes: Vec<u8>,
}

/// Whether the bytes look like an mbox (they start with a `From ` line).
pub fn looks_like_mbox(bytes: &[u8]) -> bool {
    bytes.starts_with(b"From ")
}

fn unquote(line: &[u8]) -> &[u8] {
    let quotes = line.iter().take_while(|b| **b == b'>').count();
    if quotes > 0 && line[quotes..].starts_with(b"From ") {
        &line[1..]
    } else {
        line
    }
}

/// Splits an mbox into its messages; `file` names it in errors.
pub fn split(bytes: &[u8], file: &str) -> Result<Vec<Piece>> {
    if !looks_like_mbox(bytes) {
        return Err(Error::Invalid(format!(
            "{file} is not an mbox mailbox: it must start with a 'From ' line"
        )));
    }
    let mut pieces: Vec<Piece> = Vec::new();
    let mut current: Option<Piece> = None;
    let mut previous_blank = true;
    for (index, raw) in bytes.split_inclusive(|b| *b == b'\n').enumerate() {
        let content = raw
            .strip_suffix(b"\n")
            .map(|l| l.strip_suffix(b"\r").unwrap_or(l))
            .unwrap_or(raw);
        if previous_blank && content.starts_with(b"From ") {
            if let Some(done) = current.take() {
                pieces.push(done);
            }
            current = Some(Piece {
                number: pieces.len() + 1,
                line: index + 1,
                bytes: Vec::new(),
            });
            previous_blank = false;
            continue;
        }
        previous_blank = content.is_empty();
        if let Some(piece) = current.as_mut() {
            let line = unquote(raw);
            piece.bytes.extend_from_slice(line);
        }
    }
    if let Some(done) = current.take() {
        pieces.push(done);
    }
    for piece in &mut pieces {
        // The blank line before the next separator belongs to the mbox, not the message.
        while piece.bytes.ends_with(b"\n\n") || piece.bytes.ends_with(b"\r\n\r\n") {
            let cut = if piece.bytes.ends_with(b"\r\n") { 2 } else { 1 };
            piece.bytes.truncate(piece.bytes.len() - cut);
        }
    }
    pieces.retain(|p| !p.bytes.iter().all(|b| b.is_ascii_whitespace()));
    if pieces.is_empty() {
        return Err(Error::Invalid(format!("{file} holds no messages")));
    }
    Ok(pieces)
}
