//! Reading reports back: HTML tables and figures, CSV, XLSX.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// Strips tags from an HTML fragment.
fn text_of(fragment: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in fragment.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    unescape(out.trim())
}

/// The body rows of the HTML table with this caption, as cell texts.
pub fn html_table(html: &str, caption: &str) -> Vec<Vec<String>> {
    let marker = format!("<caption>{caption}</caption>");
    let start = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no table captioned {caption:?}"));
    let rest = &html[start..];
    let end = rest.find("</table>").expect("the table ends");
    let body = &rest[..end];
    let body = &body[body.find("<tbody>").expect("a tbody")..];
    body.split("<tr>")
        .skip(1)
        .map(|row| {
            row.split("<td")
                .skip(1)
                .map(|cell| {
                    let open = cell.find('>').unwrap() + 1;
                    let close = cell.find("</td>").unwrap();
                    text_of(&cell[open..close])
                })
                .collect::<Vec<_>>()
        })
        .filter(|r| !r.is_empty())
        .collect()
}

/// The value of the key figure with this label.
pub fn html_figure(html: &str, label: &str) -> String {
    let marker = format!("<dt>{label}</dt><dd>");
    let start = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no figure {label:?}"))
        + marker.len();
    let end = html[start..].find("</dd>").unwrap() + start;
    unescape(&html[start..end])
}

/// A CSV file's rows, the header first.
pub fn csv_rows(bytes: &[u8]) -> Vec<Vec<String>> {
    let bytes = bytes
        .strip_prefix(b"\xEF\xBB\xBF")
        .expect("a byte-order mark");
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(bytes);
    reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

/// A workbook's sheet names, in order.
pub fn xlsx_sheets(bytes: &[u8]) -> Vec<String> {
    let book: Xlsx<_> = Xlsx::new(Cursor::new(bytes.to_vec())).unwrap();
    book.sheet_names().to_vec()
}

/// A worksheet's rows as text (numbers as Rust prints them: 3, 62.5).
pub fn xlsx_rows(bytes: &[u8], sheet: &str) -> Vec<Vec<String>> {
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes.to_vec())).unwrap();
    let range = book
        .worksheet_range(sheet)
        .unwrap_or_else(|e| panic!("no sheet {sheet}: {e}"));
    range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::Empty => String::new(),
                    Data::String(s) => s.clone(),
                    Data::Float(f) => f.to_string(),
                    Data::Int(i) => i.to_string(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

/// Turns `&[&[&str]]` into owned rows, for comparisons.
pub fn rows(expected: &[&[&str]]) -> Vec<Vec<String>> {
    expected
        .iter()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect()
}
