//! The processors report: a record-of-processing style register of the
//! service providers that process data for the company, active first, by name,
//! with each review date flagged as of the period's last day.

use chrono::NaiveDate;
use rusqlite::Connection;

use super::{figure, stored_date, Block, Cell, Period, Section, Table};
use crate::error::Result;

/// A review due within this many days of the period's end is flagged "due soon".
pub const REVIEW_SOON_DAYS: i64 = 30;

fn confidentiality_label(value: &str) -> &str {
    match value {
        "none" => "none recorded",
        "pending" => "pending",
        "confidentiality_agreement" => "confidentiality agreement",
        "dpa" => "data processing agreement",
        other => other,
    }
}

/// How a review date stands on `day`.
pub fn review_flag(status: &str, next_review: Option<NaiveDate>, day: NaiveDate) -> &'static str {
    if status != "active" {
        return "";
    }
    match next_review {
        None => "no review date",
        Some(d) if d < day => "past",
        Some(d) if (d - day).num_days() <= REVIEW_SOON_DAYS => "due soon",
        Some(_) => "",
    }
}

/// The report's sections.
pub(super) fn sections(conn: &Connection, period: Period) -> Result<Vec<Section>> {
    let mut stmt = conn.prepare(
        "SELECT name, service, purpose, data_categories, country, transfer_mechanism,
                confidentiality, confidentiality_date, contract_start, contract_end,
                next_review, status
         FROM processors ORDER BY status = 'retired', name COLLATE NOCASE, id",
    )?;
    type Row = (
        String,
        String,
        String,
        String,
        String,
        Option<String>,
        String,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
        String,
    );
    let rows: Vec<Row> = stmt
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
                r.get(8)?,
                r.get(9)?,
                r.get(10)?,
                r.get(11)?,
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;

    let day = period.to;
    let mut table = Table::new(
        "Processors",
        format!("Processors as of {day}"),
        &[
            "Name",
            "Service",
            "Purpose",
            "Data categories",
            "Country",
            "Transfer mechanism",
            "Confidentiality / DPA",
            "Signed",
            "Contract start",
            "Contract end",
            "Next review",
            "Review",
            "Status",
        ],
        "No processor is recorded.",
    )
    .primary();
    let (mut active, mut retired, mut unprotected, mut past, mut soon) = (0, 0, 0, 0, 0);
    for (
        name,
        service,
        purpose,
        categories,
        country,
        transfer,
        confidentiality,
        signed,
        start,
        end,
        review,
        status,
    ) in rows
    {
        let flag = review_flag(&status, review.as_deref().and_then(stored_date), day);
        if status == "active" {
            active += 1;
            if matches!(confidentiality.as_str(), "none" | "pending") {
                unprotected += 1;
            }
        } else {
            retired += 1;
        }
        match flag {
            "past" | "no review date" => past += 1,
            "due soon" => soon += 1,
            _ => {}
        }
        let categories = crate::register::json_strings(&categories).join("; ");
        table.rows.push(vec![
            name.into(),
            service.into(),
            purpose.into(),
            categories.into(),
            country.into(),
            transfer.into(),
            confidentiality_label(&confidentiality).to_string().into(),
            signed.into(),
            start.into(),
            end.into(),
            review.into(),
            Cell::Text(flag.to_string()),
            status.into(),
        ]);
    }
    Ok(vec![
        Section::new(
            "Summary",
            vec![
                Block::Figures(vec![
                    figure("Active processors", active),
                    figure("Retired processors", retired),
                    figure("Active without confidentiality agreement or DPA", unprotected),
                    figure(&format!("Reviews past or unset on {day}"), past),
                    figure(
                        &format!("Reviews due within {REVIEW_SOON_DAYS} days"),
                        soon,
                    ),
                ]),
                Block::Paragraph {
                    text: format!(
                        "Review dates are flagged as of {}: \"past\" when the next review date has gone by, \"due soon\" when it falls within {REVIEW_SOON_DAYS} days.",
                        super::long_date(day)
                    ),
                },
            ],
        ),
        Section::new("Register of processors", vec![Block::Table(table)]),
    ])
}
