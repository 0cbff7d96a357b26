//! Printing: text tables, JSON, and a stdout that a closed pipe cannot crash.

use serde::Serialize;
use workbench::Error;

/// Prints a line to stdout; a closed pipe (`workbench … | head`) ends the program quietly
/// instead of panicking.
#[macro_export]
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        if writeln!(std::io::stdout(), $($arg)*).is_err() {
            std::process::exit(0);
        }
    }};
}

pub fn print_json<T: Serialize>(value: &T) -> Result<(), Error> {
    let text = serde_json::to_string_pretty(value)
        .map_err(|e| Error::Invalid(format!("cannot write JSON: {e}")))?;
    say!("{text}");
    Ok(())
}

/// Prints rows as JSON, or as aligned text columns with a header.
pub fn print_rows<T: Serialize>(
    rows: &[T],
    json: bool,
    empty: &str,
    header: &[&str],
    cells: impl Fn(&T) -> Vec<String>,
) -> Result<(), Error> {
    if json {
        return print_json(&rows);
    }
    if rows.is_empty() {
        say!("{empty}");
        return Ok(());
    }
    let table: Vec<Vec<String>> = std::iter::once(header.iter().map(|h| h.to_string()).collect())
        .chain(rows.iter().map(&cells))
        .collect();
    let widths: Vec<usize> = (0..header.len())
        .map(|i| {
            table
                .iter()
                .map(|r| r[i].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    for row in &table {
        let line: Vec<String> = row
            .iter()
            .zip(&widths)
            .map(|(cell, w)| format!("{cell:<w$}"))
            .collect();
        say!("{}", line.join("  ").trim_end());
    }
    Ok(())
}

pub fn opt(value: &Option<String>) -> String {
    value.clone().unwrap_or_else(|| "-".into())
}

/// One page of a list: JSON (`{"total","offset","limit","rows"}`) or a table with
/// "Rows 51–100 of N" under it; `what` names the rows ("merchant(s)").
pub fn print_page<T: Serialize>(
    page: &workbench::register::Page<T>,
    json: bool,
    none: &str,
    what: &str,
    header: &[&str],
    cells: impl Fn(&T) -> Vec<String>,
) -> Result<(), Error> {
    if json {
        return print_json(page);
    }
    if page.rows.is_empty() {
        if page.total == 0 {
            say!("{none}");
        } else {
            say!(
                "No rows from offset {}: {} {what} match.",
                page.offset,
                page.total
            );
        }
        return Ok(());
    }
    print_rows(&page.rows, false, "", header, cells)?;
    let (first, last) = (page.offset + 1, page.offset + page.rows.len() as u64);
    if last < page.total {
        say!(
            "Rows {first}–{last} of {}; --offset {last} shows the next page.",
            page.total
        );
    } else {
        say!("Rows {first}–{last} of {}.", page.total);
    }
    Ok(())
}
