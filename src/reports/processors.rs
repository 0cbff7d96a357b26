//! The processors report: a record-of-processing style register of the
//! service providers that process data for the company, active first, by name,
//! with each review date flagged as of the period's last day.

use chrono::NaiveDate;
use rusqlite::Connection;

use super::lang;
use super::{figure, stored_date, Block, Cell, Kind, Options, Period, Section, Table};
use crate::error::Result;

/// A review due within this many days of the period's end is flagged "due soon".
pub const REVIEW_SOON_DAYS: i64 = 30;

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

/// The report's sections. Processors are few (tens), so they are read whole.
pub(super) fn sections(conn: &Connection, period: Period, opts: &Options) -> Result<Vec<Section>> {
    let lang = opts.lang;
    let t = |m: lang::Msg| m.get(lang);
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
        t(lang::PROCESSORS_SHEET),
        lang::processors_caption(lang, day),
        &[
            t(lang::COL_NAME),
            t(lang::COL_SERVICE),
            t(lang::COL_PURPOSE),
            t(lang::COL_DATA_CATEGORIES),
            t(lang::COL_COUNTRY),
            t(lang::COL_TRANSFER),
            t(lang::COL_CONFIDENTIALITY),
            t(lang::COL_SIGNED),
            t(lang::COL_CONTRACT_START),
            t(lang::COL_CONTRACT_END),
            t(lang::COL_NEXT_REVIEW),
            t(lang::COL_REVIEW),
            t(lang::COL_STATUS),
        ],
        t(lang::PROCESSORS_EMPTY),
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
            lang::confidentiality(lang, &confidentiality).into(),
            signed.into(),
            start.into(),
            end.into(),
            review.into(),
            Cell::Text(lang::review_flag(lang, flag)),
            lang::processor_status(lang, &status).into(),
        ]);
    }
    table.limit(opts, Kind::Processors);
    Ok(vec![
        Section::new(
            t(lang::SUMMARY),
            vec![
                Block::Figures(vec![
                    figure(t(lang::ACTIVE_PROCESSORS), active),
                    figure(t(lang::RETIRED_PROCESSORS), retired),
                    figure(t(lang::UNPROTECTED_PROCESSORS), unprotected),
                    figure(&lang::reviews_past(lang, day), past),
                    figure(&lang::reviews_soon(lang, REVIEW_SOON_DAYS), soon),
                ]),
                Block::Paragraph {
                    text: lang::review_note(lang, day, REVIEW_SOON_DAYS),
                },
            ],
        ),
        Section::new(t(lang::PROCESSORS_HEADING), vec![Block::Table(table)]),
    ])
}
