//! The reports' own words in each report language: English (`en`, the default)
//! and Traditional Chinese as written in Hong Kong (`zh-HK`).
//!
//! Every heading, label, column header, status or type word, chart title and
//! sentence a report prints comes from here; the register's data (names,
//! reasons, scopes, the policy text, check findings) stays as recorded. Fixed
//! words are [`Msg`] pairs; words that take a value are functions of [`Lang`].
//! Dates in sentences are `31 May 2026` or `2026年5月31日`; dates in tables stay
//! ISO 8601 in both languages.
//!
//! The Chinese follows the terms of the Personal Data (Privacy) Ordinance as the
//! PCPD writes them: 資料當事人, 查閱資料要求, 改正資料要求, 資料處理者,
//! 《個人資料（私隱）條例》.

use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// A report language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Lang {
    /// English (the default).
    #[default]
    #[serde(rename = "en")]
    En,
    /// Traditional Chinese as used in Hong Kong.
    #[serde(rename = "zh-HK")]
    ZhHk,
}

impl Lang {
    /// Every report language.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::ZhHk];

    /// Parses `en` or `zh-HK` (any case; `zh_HK` too).
    pub fn parse(text: &str) -> Result<Lang> {
        match text.trim().to_ascii_lowercase().replace('_', "-").as_str() {
            "en" => Ok(Lang::En),
            "zh-hk" => Ok(Lang::ZhHk),
            _ => Err(Error::Invalid(format!(
                "'{}' is not a report language; use en (English) or zh-HK (Traditional Chinese, Hong Kong)",
                text.trim()
            ))),
        }
    }

    /// `en` or `zh-HK`: the code as typed, and the HTML `lang` attribute.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::ZhHk => "zh-HK",
        }
    }

    /// Picks the English or the Chinese.
    pub fn pick<T>(self, en: T, zh_hk: T) -> T {
        match self {
            Lang::En => en,
            Lang::ZhHk => zh_hk,
        }
    }

    /// A date in a sentence: `31 May 2026` or `2026年5月31日`.
    pub fn long_date(self, day: NaiveDate) -> String {
        match self {
            Lang::En => day.format("%-d %B %Y").to_string(),
            Lang::ZhHk => format!("{}年{}月{}日", day.year(), day.month(), day.day()),
        }
    }

    /// A date inside a label or caption: ISO in English (as the reports have
    /// always printed it), `2026年6月30日` in Chinese.
    pub fn label_date(self, day: NaiveDate) -> String {
        match self {
            Lang::En => day.to_string(),
            Lang::ZhHk => self.long_date(day),
        }
    }

    /// A count with thousands separators: `12,345`.
    pub fn count(self, n: usize) -> String {
        crate::format::thousands(n as u64)
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A fixed message in every report language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Msg {
    pub en: &'static str,
    pub zh_hk: &'static str,
}

impl Msg {
    /// The message in `lang`.
    pub const fn get(self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.en,
            Lang::ZhHk => self.zh_hk,
        }
    }
}

const fn m(en: &'static str, zh_hk: &'static str) -> Msg {
    Msg { en, zh_hk }
}

// ---------------------------------------------------------------------------
// The report as a whole: titles, page furniture, spreadsheets, progress.

pub const TITLE_RIGHTS: Msg = m("Rights requests report", "資料當事人權利要求報告");
pub const TITLE_PROCESSORS: Msg = m("Processors register", "資料處理者登記冊");
pub const TITLE_AUTHORIZATIONS: Msg = m("Authorizations report", "平台授權報告");
pub const TITLE_POLICY: Msg = m("Privacy policy history", "私隱政策修訂紀錄");
pub const TITLE_PACK: Msg = m("Compliance pack", "合規文件彙編");

pub const CONTENTS: Msg = m("Contents", "目錄");
pub const SUMMARY: Msg = m("Summary", "摘要");
/// Before the fingerprint under an HTML report's title.
pub const REGISTER_FINGERPRINT_LOWER: Msg = m("register fingerprint", "登記冊指紋");
pub const REGISTER_FINGERPRINT: Msg = m("Register fingerprint", "登記冊指紋");
pub const PERIOD: Msg = m("Period", "期間");
pub const PERIOD_FROM: Msg = m("Period from", "期間開始");
pub const PERIOD_TO: Msg = m("Period to", "期間結束");
pub const AUDIT_ENTRIES: Msg = m("Audit entries", "審計紀錄數目");
pub const ABOUT_SHEET: Msg = m("About", "關於本報告");
pub const REPORT: Msg = m("Report", "報告");
pub const ORGANISATION: Msg = m("Organisation", "機構");
/// The PDF's footer: "Page 3 of 9".
pub const PAGE: Msg = m("Page {n} of {total}", "第 {n} 頁，共 {total} 頁");
pub const NO_CHART_DATA: Msg = m("No data in the period", "期內沒有資料");

pub const STAGE_READING: Msg = m("Reading the register", "正在讀取登記冊");
pub const STAGE_PDF: Msg = m("Typesetting the PDF", "正在排版 PDF");
pub const STAGE_HTML: Msg = m("Writing the HTML", "正在產生 HTML");
pub const STAGE_SPREADSHEET: Msg = m("Writing the spreadsheet", "正在產生試算表");
pub const STAGE_SAVING: Msg = m("Saving the file", "正在儲存檔案");
pub const STAGE_DONE: Msg = m("Done", "完成");

/// "1 January 2026 to 30 June 2026", "2026年1月1日至2026年6月30日".
pub fn period(lang: Lang, from: NaiveDate, to: NaiveDate) -> String {
    match lang {
        Lang::En => format!("{} to {}", lang.long_date(from), lang.long_date(to)),
        Lang::ZhHk => format!("{}至{}", lang.long_date(from), lang.long_date(to)),
    }
}

/// The sentence at every report's foot.
pub fn fingerprint_sentence(lang: Lang, entries: i64, hash: &str) -> String {
    match lang {
        Lang::En => format!(
            "Register fingerprint (audit chain head after {entries} entries): {hash} — the fingerprint of the register this report was made from."
        ),
        Lang::ZhHk => format!(
            "登記冊指紋（審計紀錄鏈共 {entries} 項後的鏈首雜湊值）：{hash}——即本報告所依據的登記冊的指紋。"
        ),
    }
}

/// Above the fingerprint on a PDF's first page.
pub fn fingerprint_heading(lang: Lang, entries: i64) -> String {
    match lang {
        Lang::En => format!("Register fingerprint (audit chain head after {entries} entries):"),
        Lang::ZhHk => format!("登記冊指紋（審計紀錄鏈共 {entries} 項後的鏈首雜湊值）："),
    }
}

/// Under a listing cut short in a document: where the rest is.
pub fn more_rows(lang: Lang, more: usize, report_title: &str, csv: bool) -> String {
    let file = if csv { "CSV" } else { "XLSX" };
    match lang {
        Lang::En => format!(
            "… and {} more — see the {file} export of the {} for every row.",
            lang.count(more),
            report_title.to_lowercase()
        ),
        Lang::ZhHk => format!(
            "……另有 {} 項未列出——完整清單見{}的 {file} 匯出檔。",
            lang.count(more),
            report_title
        ),
    }
}

// ---------------------------------------------------------------------------
// Words for the register's codes. A code we do not know is shown as recorded,
// underscores as spaces.

fn spaced(code: &str) -> String {
    code.replace('_', " ")
}

/// A rights request's type.
pub fn request_type(lang: Lang, code: &str) -> String {
    let zh = match code {
        "access" => "查閱資料",
        "correction" => "改正資料",
        "deletion" => "刪除資料",
        "withdraw_authorization" => "撤回授權",
        "other" => "其他",
        "needs_triage" => "待分類",
        _ => return spaced(code),
    };
    lang.pick(spaced(code), zh.to_string())
}

/// A rights request's status.
pub fn request_status(lang: Lang, code: &str) -> String {
    let zh = match code {
        "received" => "已收到",
        "identity_check" => "核實身分中",
        "in_progress" => "處理中",
        "completed" => "已完成",
        "refused" => "已拒絕",
        "withdrawn" => "已撤回",
        _ => return spaced(code),
    };
    lang.pick(spaced(code), zh.to_string())
}

/// A processor's confidentiality or DPA status.
pub fn confidentiality(lang: Lang, code: &str) -> String {
    let (en, zh) = match code {
        "none" => ("none recorded", "未有紀錄"),
        "pending" => ("pending", "待簽署"),
        "confidentiality_agreement" => ("confidentiality agreement", "保密協議"),
        "dpa" => ("data processing agreement", "資料處理協議"),
        other => return other.to_string(),
    };
    lang.pick(en, zh).to_string()
}

/// A processor's review flag ([`super::processors::review_flag`]).
pub fn review_flag(lang: Lang, flag: &str) -> String {
    let zh = match flag {
        "past" => "已逾期",
        "due soon" => "即將到期",
        "no review date" => "未設審查日期",
        other => return other.to_string(),
    };
    lang.pick(flag, zh).to_string()
}

/// A processor's status.
pub fn processor_status(lang: Lang, code: &str) -> String {
    let zh = match code {
        "active" => "生效中",
        "retired" => "已停用",
        _ => return code.to_string(),
    };
    lang.pick(code, zh).to_string()
}

/// The purpose an authorization serves.
pub fn purpose(lang: Lang, code: &str) -> String {
    let zh = match code {
        "analytics" => "分析",
        "reporting" => "報告",
        "advertising_performance_review" => "廣告成效檢討",
        "merchant_operation_support" => "商戶營運支援",
        _ => return spaced(code),
    };
    lang.pick(spaced(code), zh.to_string())
}

/// How an authorization was revoked.
pub fn revoke_channel(lang: Lang, code: &str) -> String {
    let zh = match code {
        "platform" => "於平台撤銷",
        "email_request" => "電郵要求",
        "contract_end" => "合約終止",
        "other" => "其他",
        _ => return spaced(code),
    };
    lang.pick(spaced(code), zh.to_string())
}

/// A scope's sensitivity class, in the platform's own terms; `None`: the scope
/// is not in the catalog.
pub fn sensitivity(lang: Lang, code: Option<&str>) -> String {
    let Some(code) = code else {
        return lang.pick("not in the catalog", "不在授權範圍目錄內").into();
    };
    let zh = match code {
        "non_sensitive" => "非敏感",
        "sensitive" => "敏感",
        "restricted" => "受限制",
        "standard_access" => "標準存取",
        "advanced_access" => "進階存取",
        "standard" => "標準",
        "protected_customer_data" => "受保護客戶資料",
        "protected_customer_fields" => "受保護客戶欄位",
        _ => return spaced(code),
    };
    lang.pick(spaced(code), zh.to_string())
}

/// A policy version's status.
pub fn policy_status(lang: Lang, code: &str) -> String {
    let zh = match code {
        "draft" => "草稿",
        "in_review" => "審閱中",
        "published" => "已發布",
        "retired" => "已停用",
        _ => return spaced(code),
    };
    lang.pick(spaced(code), zh.to_string())
}

/// A check's result.
pub fn check_status(lang: Lang, code: &str) -> String {
    let zh = match code {
        "pass" => "通過",
        "info" => "備註",
        "warning" => "警告",
        "error" => "錯誤",
        _ => return code.to_string(),
    };
    lang.pick(code, zh).to_string()
}

pub const YES: Msg = m("yes", "是");
pub const NO: Msg = m("no", "否");

// ---------------------------------------------------------------------------
// The rights requests report.

pub const REQUESTS_RECEIVED: Msg = m("Requests received", "收到的要求");
pub const REQUESTS_CLOSED: Msg = m("Requests closed", "已結案的要求");
pub const ON_TIME_RATE: Msg = m("On-time rate", "準時回覆率");
pub const MEDIAN_DAYS: Msg = m("Median days to close", "結案日數中位數");
pub const P90_DAYS: Msg = m("90th percentile days to close", "結案日數第90百分位數");
pub const EXTENSIONS_TAKEN: Msg = m("Extensions taken", "延長限期次數");
pub const PDPO_REFUSALS: Msg = m("PDPO log book refusals", "第27條紀錄簿的拒絕個案");
pub const RIGHTS_NOTE: Msg = m(
    "Dates are the office's (Hong Kong) calendar dates. On time means closed on or before the due date as recorded, extension included, counted among the requests closed in the period that have a due date. Days to close are calendar days from receipt to closing; the median averages the two middle values of an even count and the 90th percentile is the nearest rank.",
    "日期均為辦事處（香港）的曆日。「準時」指在登記冊所記錄的限期（包括已延長的限期）當日或之前結案，以期內結案並設有限期的要求計算。結案日數為由收到要求至結案的曆日數；雙數個數值的中位數取中間兩個數值的平均數，第90百分位數以最近排序法計算。",
);
pub const PER_MONTH_HEADING: Msg = m("Received and closed per month", "每月收到及結案的要求");
pub const PER_MONTH_SHEET: Msg = m("Per month", "每月");
pub const PER_MONTH_CAPTION: Msg = m(
    "Requests received and closed, per month and type",
    "按月份及類別劃分的收到及結案要求",
);
pub const PER_MONTH_EMPTY: Msg = m(
    "No request was received or closed in the period.",
    "期內沒有收到或結案的要求。",
);
pub const COL_MONTH: Msg = m("Month", "月份");
pub const COL_TYPE: Msg = m("Type", "類別");
pub const COL_RECEIVED: Msg = m("Received", "收到");
pub const COL_CLOSED: Msg = m("Closed", "結案");
pub const CHART_PER_MONTH: Msg = m("Requests per month", "每月要求數目");
pub const SERIES_RECEIVED: Msg = m("received", "收到");
pub const SERIES_CLOSED: Msg = m("closed", "結案");
pub const UNIT_REQUESTS: Msg = m("requests", "要求數目");
pub const ON_TIME_HEADING: Msg = m("Answered on time", "準時回覆");
pub const ON_TIME_MONTH_SHEET: Msg = m("On time by month", "每月準時情況");
pub const ON_TIME_MONTH_CAPTION: Msg = m(
    "Requests closed on time, by month of closing",
    "按結案月份劃分的準時結案要求",
);
pub const NONE_CLOSED: Msg = m("No request was closed in the period.", "期內沒有要求結案。");
pub const COL_WITH_DUE: Msg = m("With due date", "設有限期");
pub const COL_ON_TIME: Msg = m("On time", "準時");
pub const COL_ON_TIME_RATE: Msg = m("On-time rate (%)", "準時率（%）");
pub const DAYS_SHEET: Msg = m("Days to close", "結案日數");
pub const DAYS_CAPTION: Msg = m("Timeliness per type of request", "按要求類別劃分的回覆時效");
pub const COL_MEDIAN_DAYS: Msg = m("Median days to close", "結案日數中位數");
pub const COL_P90_DAYS: Msg = m("90th percentile days", "第90百分位數日數");
pub const CHART_ON_TIME: Msg = m("On-time rate by month of closing", "按結案月份劃分的準時率");
pub const SERIES_ON_TIME: Msg = m("on time", "準時");
pub const OPEN_HEADING: Msg = m(
    "Open and overdue at the period's end",
    "期末未結案及逾期的要求",
);
pub const OPEN_SHEET: Msg = m("Open", "未結案");
pub const OPEN_EMPTY: Msg = m(
    "No request was open at the period's end.",
    "期末沒有未結案的要求。",
);
pub const COL_REQUEST: Msg = m("Request", "要求編號");
pub const COL_JURISDICTION: Msg = m("Jurisdiction", "司法管轄區");
pub const COL_RECEIVED_ON: Msg = m("Received", "收到日期");
pub const COL_DUE: Msg = m("Due", "限期");
pub const COL_STATUS_NOW: Msg = m("Status now", "現時狀態");
pub const COL_DAYS_OVERDUE: Msg = m("Days overdue", "逾期日數");
pub const EXTENSIONS_HEADING: Msg = m("Extensions", "延長限期");
pub const EXTENSIONS_SHEET: Msg = m("Extensions", "延長限期");
pub const EXTENSIONS_CAPTION: Msg = m("Extensions taken in the period", "期內的延長限期");
pub const EXTENSIONS_EMPTY: Msg = m(
    "No extension was taken in the period.",
    "期內沒有延長任何要求的限期。",
);
pub const COL_EXTENDED_ON: Msg = m("Extended on", "延長日期");
pub const COL_NOTICE_DUE: Msg = m("Notice due by", "通知限期");
pub const COL_DUE_NOW: Msg = m("Due date now", "現時限期");
pub const COL_REASON: Msg = m("Reason", "理由");
pub const LOG_HEADING: Msg = m("PDPO log book extract", "第27條紀錄簿摘錄");
pub const LOG_SHEET: Msg = m("PDPO log book", "第27條紀錄簿");
pub const LOG_CAPTION: Msg = m(
    "PDPO s.27 log book: refusals in the period",
    "《私隱條例》第27條紀錄簿：期內的拒絕個案",
);
pub const LOG_EMPTY: Msg = m(
    "No access or correction request was refused under the PDPO in the period.",
    "期內沒有根據《私隱條例》拒絕任何查閱資料要求或改正資料要求。",
);
pub const LOG_NOTE: Msg = m(
    "Refused data access and correction requests under the Personal Data (Privacy) Ordinance, as the s.27 log book records them; entries are kept at least four years.",
    "根據《個人資料（私隱）條例》第27條備存的紀錄簿所載、被拒絕的查閱資料要求及改正資料要求；紀錄保留最少四年。",
);
pub const COL_ENTRY: Msg = m("Entry", "項目");
pub const COL_REFUSED_ON: Msg = m("Refused on", "拒絕日期");
pub const COL_REASONS: Msg = m("Reasons", "理由");
pub const COL_LOGGED_BY: Msg = m("Logged by", "記錄人員");

/// "Open on 2026-06-30".
pub fn open_on(lang: Lang, day: NaiveDate) -> String {
    match lang {
        Lang::En => format!("Open on {day}"),
        Lang::ZhHk => format!("於{}仍未結案", lang.long_date(day)),
    }
}

/// "Overdue on 2026-06-30".
pub fn overdue_on(lang: Lang, day: NaiveDate) -> String {
    match lang {
        Lang::En => format!("Overdue on {day}"),
        Lang::ZhHk => format!("於{}已逾期", lang.long_date(day)),
    }
}

/// "Requests open on 2026-06-30".
pub fn open_caption(lang: Lang, day: NaiveDate) -> String {
    match lang {
        Lang::En => format!("Requests open on {day}"),
        Lang::ZhHk => format!("於{}仍未結案的要求", lang.long_date(day)),
    }
}

/// The sentence over the open requests.
pub fn open_note(lang: Lang, open: usize, day: NaiveDate, overdue: usize) -> String {
    match lang {
        Lang::En => format!(
            "{open} request(s) were open on {}, {overdue} of them past their due date. \"Status now\" is the request's status today; a request closed after the period was open at its end.",
            lang.long_date(day)
        ),
        Lang::ZhHk => format!(
            "於{}，共有 {open} 宗要求仍未結案，其中 {overdue} 宗已過限期。「現時狀態」是該要求今天的狀態；在期間結束後才結案的要求，於期末仍屬未結案。",
            lang.long_date(day)
        ),
    }
}

/// "62.5% (5 of 8)".
pub fn rate(lang: Lang, percent: Option<f64>, on: usize, total: usize) -> String {
    match (percent, lang) {
        (Some(p), Lang::En) => format!("{p:.1}% ({on} of {total})"),
        (Some(p), Lang::ZhHk) => format!("{p:.1}%（{total} 宗中 {on} 宗）"),
        (None, _) => lang
            .pick(
                "no request with a due date was closed",
                "期內沒有設有限期的要求結案",
            )
            .into(),
    }
}

/// "34.5 days".
pub fn days(lang: Lang, days: Option<f64>) -> String {
    match (days, lang) {
        (Some(d), Lang::En) if d.fract() == 0.0 => format!("{d:.0} days"),
        (Some(d), Lang::En) => format!("{d:.1} days"),
        (Some(d), Lang::ZhHk) if d.fract() == 0.0 => format!("{d:.0} 日"),
        (Some(d), Lang::ZhHk) => format!("{d:.1} 日"),
        (None, _) => lang
            .pick("no request was closed", "期內沒有要求結案")
            .into(),
    }
}

// ---------------------------------------------------------------------------
// The processors register.

pub const ACTIVE_PROCESSORS: Msg = m("Active processors", "生效中的資料處理者");
pub const RETIRED_PROCESSORS: Msg = m("Retired processors", "已停用的資料處理者");
pub const UNPROTECTED_PROCESSORS: Msg = m(
    "Active without confidentiality agreement or DPA",
    "未有保密協議或資料處理協議的生效資料處理者",
);
pub const PROCESSORS_SHEET: Msg = m("Processors", "資料處理者");
pub const PROCESSORS_EMPTY: Msg = m("No processor is recorded.", "未有記錄任何資料處理者。");
pub const PROCESSORS_HEADING: Msg = m("Register of processors", "資料處理者登記冊");
pub const COL_NAME: Msg = m("Name", "名稱");
pub const COL_SERVICE: Msg = m("Service", "服務");
pub const COL_PURPOSE: Msg = m("Purpose", "目的");
pub const COL_DATA_CATEGORIES: Msg = m("Data categories", "資料類別");
pub const COL_COUNTRY: Msg = m("Country", "國家／地區");
pub const COL_TRANSFER: Msg = m("Transfer mechanism", "跨境轉移機制");
pub const COL_CONFIDENTIALITY: Msg = m("Confidentiality / DPA", "保密協議／資料處理協議");
pub const COL_SIGNED: Msg = m("Signed", "簽署日期");
pub const COL_CONTRACT_START: Msg = m("Contract start", "合約開始");
pub const COL_CONTRACT_END: Msg = m("Contract end", "合約結束");
pub const COL_NEXT_REVIEW: Msg = m("Next review", "下次審查");
pub const COL_REVIEW: Msg = m("Review", "審查情況");
pub const COL_STATUS: Msg = m("Status", "狀態");

/// "Reviews past or unset on 2026-06-30".
pub fn reviews_past(lang: Lang, day: NaiveDate) -> String {
    match lang {
        Lang::En => format!("Reviews past or unset on {day}"),
        Lang::ZhHk => format!("於{}已逾期或未設定的審查", lang.long_date(day)),
    }
}

/// "Reviews due within 30 days".
pub fn reviews_soon(lang: Lang, days: i64) -> String {
    match lang {
        Lang::En => format!("Reviews due within {days} days"),
        Lang::ZhHk => format!("{days} 日內到期的審查"),
    }
}

/// "Processors as of 2026-06-30".
pub fn processors_caption(lang: Lang, day: NaiveDate) -> String {
    match lang {
        Lang::En => format!("Processors as of {day}"),
        Lang::ZhHk => format!("截至{}的資料處理者", lang.long_date(day)),
    }
}

/// How review dates are flagged.
pub fn review_note(lang: Lang, day: NaiveDate, soon_days: i64) -> String {
    match lang {
        Lang::En => format!(
            "Review dates are flagged as of {}: \"past\" when the next review date has gone by, \"due soon\" when it falls within {soon_days} days.",
            lang.long_date(day)
        ),
        Lang::ZhHk => format!(
            "審查日期以{}為準：下次審查日期已過，標示為「已逾期」；在 {soon_days} 日內到期，標示為「即將到期」。",
            lang.long_date(day)
        ),
    }
}

// ---------------------------------------------------------------------------
// The authorizations report.

pub const MERCHANTS_ACTIVE: Msg = m(
    "Merchants with an active authorization",
    "持有有效授權的商戶",
);
pub const PLATFORMS_CONNECTED: Msg = m("Platforms connected", "已連接的平台");
pub const GRANTED_IN_PERIOD: Msg = m("Granted in the period", "期內授予");
pub const REVOKED_IN_PERIOD: Msg = m("Revoked in the period", "期內撤銷");
pub const UNCATALOGUED_GRANTS: Msg = m(
    "Active scope grants not in the catalog",
    "不在授權範圍目錄內的有效授權範圍",
);
pub const BY_PLATFORM_HEADING: Msg = m("Active by platform", "按平台劃分的有效授權");
pub const BY_PLATFORM_SHEET: Msg = m("Active by platform", "按平台劃分");
pub const BY_PLATFORM_EMPTY: Msg = m(
    "No authorization was active at the period's end.",
    "期末沒有有效的授權。",
);
pub const COL_PLATFORM: Msg = m("Platform", "平台");
pub const COL_ACTIVE_AUTHORIZATIONS: Msg = m("Active authorizations", "有效授權");
pub const COL_MERCHANTS: Msg = m("Merchants", "商戶");
pub const COL_SCOPES_GRANTED: Msg = m("Scopes granted", "已授權範圍");
pub const SENSITIVITY_HEADING: Msg = m("Scopes by sensitivity", "按敏感程度劃分的授權範圍");
pub const SENSITIVITY_SHEET: Msg = m("Scopes by sensitivity", "按敏感程度劃分");
pub const SENSITIVITY_EMPTY: Msg = m(
    "No scope was granted under an active authorization at the period's end.",
    "期末沒有在有效授權下授予的授權範圍。",
);
pub const SENSITIVITY_NOTE: Msg = m(
    "Each platform's scopes are classed in its own terms, as the scope catalog records them; a scope missing from the catalog is kept and shown as such.",
    "各平台的授權範圍按該平台本身的分類列出，以授權範圍目錄的紀錄為準；不在目錄內的授權範圍仍會保留，並如實標示。",
);
pub const COL_SENSITIVITY: Msg = m("Sensitivity", "敏感程度");
pub const COL_GRANTS: Msg = m("Grants", "授予次數");
pub const COL_DISTINCT_SCOPES: Msg = m("Distinct scopes", "不同授權範圍");
pub const CHART_SENSITIVITY: Msg = m(
    "Scopes granted by sensitivity",
    "按敏感程度劃分的已授權範圍",
);
pub const SERIES_SCOPE_GRANTS: Msg = m("scope grants", "授權範圍數目");
pub const CHANGES_HEADING: Msg = m("Grants and revocations in the period", "期內的授予及撤銷");
pub const CHANGES_SHEET: Msg = m("Grants and revocations", "授予及撤銷");
pub const CHANGES_EMPTY: Msg = m(
    "No authorization was granted or revoked in the period.",
    "期內沒有授予或撤銷任何授權。",
);
pub const CHANGES_NOTE: Msg = m(
    "Merchants grant access through each platform's OAuth consent, so a grant has no channel; a revocation shows how it came (in the platform, by e-mail request, at the contract's end) and the rights request that asked for it.",
    "商戶透過各平台的 OAuth 同意程序授予存取權，因此授予沒有途徑紀錄；撤銷則顯示其途徑（於平台撤銷、電郵要求、合約終止）及提出撤銷的權利要求。",
);
pub const COL_DATE: Msg = m("Date", "日期");
pub const COL_EVENT: Msg = m("Event", "事件");
pub const COL_AUTHORIZATION: Msg = m("Authorization", "授權編號");
pub const COL_MERCHANT: Msg = m("Merchant", "商戶");
pub const COL_SCOPES: Msg = m("Scopes", "授權範圍");
pub const COL_BY: Msg = m("By", "經手人");
pub const COL_CHANNEL: Msg = m("Channel", "途徑");
pub const EVENT_GRANT: Msg = m("grant", "授予");
pub const EVENT_REVOCATION: Msg = m("revocation", "撤銷");

/// "Active on 2026-06-30".
pub fn active_on(lang: Lang, day: NaiveDate) -> String {
    match lang {
        Lang::En => format!("Active on {day}"),
        Lang::ZhHk => format!("於{}有效的授權", lang.long_date(day)),
    }
}

/// "Active authorizations on 2026-06-30, by platform".
pub fn by_platform_caption(lang: Lang, day: NaiveDate) -> String {
    match lang {
        Lang::En => format!("Active authorizations on {day}, by platform"),
        Lang::ZhHk => format!("於{}的有效授權（按平台劃分）", lang.long_date(day)),
    }
}

/// "Scopes granted under active authorizations on 2026-06-30, by sensitivity".
pub fn sensitivity_caption(lang: Lang, day: NaiveDate) -> String {
    match lang {
        Lang::En => format!("Scopes granted under active authorizations on {day}, by sensitivity"),
        Lang::ZhHk => format!(
            "於{}在有效授權下授予的授權範圍（按敏感程度劃分）",
            lang.long_date(day)
        ),
    }
}

// ---------------------------------------------------------------------------
// The policy history.

pub const VERSION_IN_FORCE: Msg = m("Version in force", "現行版本");
pub const VERSIONS_RECORDED: Msg = m("Versions recorded", "已記錄的版本");
pub const VERSIONS_IN_PERIOD: Msg = m("Versions taking effect in the period", "期內生效的版本");
pub const MATERIAL_IN_PERIOD: Msg = m("Material changes in the period", "期內的重大修改");
pub const SNAPSHOTS_RECORDED: Msg = m("Snapshots recorded", "已記錄的快照");
pub const NONE_PUBLISHED: Msg = m("none published", "未有已發布的版本");
pub const VERSIONS_HEADING: Msg = m("Versions", "版本");
pub const VERSIONS_SHEET: Msg = m("Versions", "版本");
pub const VERSIONS_CAPTION: Msg = m("Policy versions", "私隱政策版本");
pub const VERSIONS_EMPTY: Msg = m(
    "No policy version is recorded.",
    "未有記錄任何私隱政策版本。",
);
pub const VERSIONS_NOTE: Msg = m(
    "Every version, oldest first. A published version never changes; the SHA-256 of its text lets anyone check a copy, and each snapshot records the hash of a rendered copy handed out.",
    "列出每個版本，由最舊至最新。已發布的版本永不更改；任何人均可憑其文本的 SHA-256 核對副本，而每個快照則記錄已發出的排版副本的雜湊值。",
);
pub const COL_VERSION: Msg = m("Version", "版本");
pub const COL_LAST_UPDATED: Msg = m("Last updated", "最後更新");
pub const COL_PUBLISHED_AT: Msg = m("Published at", "發布時間");
pub const COL_MATERIAL: Msg = m("Material change", "重大修改");
pub const COL_CHANGE_SUMMARY: Msg = m("Summary of changes", "修改摘要");
pub const COL_TEXT_SHA: Msg = m("Text SHA-256", "文本 SHA-256");
pub const COL_SNAPSHOTS: Msg = m("Snapshots", "快照");
pub const SNAPSHOTS_HEADING: Msg = m("Snapshots", "快照");
pub const SNAPSHOTS_SHEET: Msg = m("Snapshots", "快照");
pub const SNAPSHOTS_CAPTION: Msg = m(
    "Snapshots: rendered copies of published versions",
    "快照：已發布版本的排版副本",
);
pub const SNAPSHOTS_EMPTY: Msg = m(
    "No snapshot is recorded: no published version has been exported yet.",
    "未有記錄任何快照：尚未匯出任何已發布的版本。",
);
pub const COL_FORMAT: Msg = m("Format", "格式");
pub const COL_FILE_SHA: Msg = m("File SHA-256", "檔案 SHA-256");
pub const COL_BYTES: Msg = m("Bytes", "位元組");
pub const COL_RECORDED_AT: Msg = m("Recorded at", "記錄時間");

/// "2026-05-31 (Last updated 2026-05-31)".
pub fn version_in_force(lang: Lang, label: &str, date: &str) -> String {
    match lang {
        Lang::En => format!("{label} (Last updated {date})"),
        Lang::ZhHk => format!("{label}（最後更新：{date}）"),
    }
}

// ---------------------------------------------------------------------------
// The compliance pack.

pub const CHAPTER_ABOUT: Msg = m("About this pack", "關於本彙編");
pub const CHAPTER_CHECKS: Msg = m("Check results", "合規檢查結果");
pub const CHAPTER_RIGHTS: Msg = m("Rights requests", "資料當事人權利要求");
pub const CHAPTER_PROCESSORS: Msg = m("Processors", "資料處理者");
pub const CHAPTER_AUTHORIZATIONS: Msg = m("Authorizations", "平台授權");
pub const CHAPTER_POLICY_HISTORY: Msg = m("Policy history", "私隱政策修訂紀錄");
pub const CHAPTER_POLICY: Msg = m("The policy in force", "現行私隱政策");
pub const CHECKS_SHEET: Msg = m("Checks", "檢查");
pub const CHECKS_EMPTY: Msg = m("No check ran.", "沒有執行任何檢查。");
pub const COL_CHECK: Msg = m("Check", "檢查項目");
pub const COL_RESULT: Msg = m("Result", "結果");
pub const COL_PROVES: Msg = m("What it proves", "檢查內容");
pub const COL_FINDINGS: Msg = m("Findings", "發現");
pub const COL_TO_DO: Msg = m("What to do", "跟進行動");
pub const CHECKS_PASSED: Msg = m("Checks passed", "通過的檢查");
pub const ERRORS: Msg = m("Errors", "錯誤");
pub const WARNINGS: Msg = m("Warnings", "警告");
pub const NOTES: Msg = m("Notes", "備註");
pub const NO_POLICY_PUBLISHED: Msg = m(
    "No policy version is published.",
    "未有已發布的私隱政策版本。",
);

/// The pack's first paragraph.
pub fn pack_note(lang: Lang, hash: &str, entries: i64) -> String {
    match lang {
        Lang::En => format!(
            "This pack was made from the register whose audit chain head is {hash} (after {entries} entries): the fingerprint of the register it was made from. `workbench audit verify` on the register shows the same head while nothing has changed since."
        ),
        Lang::ZhHk => format!(
            "本彙編依據審計紀錄鏈鏈首為 {hash}（共 {entries} 項紀錄）的登記冊製作，此即所依據登記冊的指紋。只要登記冊其後未有任何更改，在登記冊上執行 `workbench audit verify` 會顯示相同的鏈首。"
        ),
    }
}

/// "Checks as of 2026-06-30".
pub fn checks_caption(lang: Lang, day: NaiveDate) -> String {
    match lang {
        Lang::En => format!("Checks as of {day}"),
        Lang::ZhHk => format!("截至{}的合規檢查", lang.long_date(day)),
    }
}

/// "12 of 15".
pub fn passed_of(lang: Lang, passed: usize, total: usize) -> String {
    match lang {
        Lang::En => format!("{passed} of {total}"),
        Lang::ZhHk => format!("{total} 項中 {passed} 項"),
    }
}

/// "Version 2026-05-31 · Last updated 2026-05-31".
pub fn policy_label(lang: Lang, label: &str, date: &str) -> String {
    match lang {
        Lang::En => format!("Version {label} · Last updated {date}"),
        Lang::ZhHk => format!("版本 {label} · 最後更新 {date}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_takes_the_two_codes_and_names_them_otherwise() {
        assert_eq!(Lang::parse("en").unwrap(), Lang::En);
        assert_eq!(Lang::parse("zh-HK").unwrap(), Lang::ZhHk);
        assert_eq!(Lang::parse("zh_hk").unwrap(), Lang::ZhHk);
        let e = Lang::parse("xx").unwrap_err().to_string();
        assert!(e.contains("'xx' is not a report language"), "{e}");
        assert!(e.contains("en") && e.contains("zh-HK"), "{e}");
    }

    #[test]
    fn dates_read_as_each_language_writes_them() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
        assert_eq!(Lang::En.long_date(d), "29 November 2026");
        assert_eq!(Lang::ZhHk.long_date(d), "2026年11月29日");
        assert_eq!(Lang::En.label_date(d), "2026-11-29");
    }

    #[test]
    fn counts_have_thousands_separators() {
        assert_eq!(Lang::En.count(0), "0");
        assert_eq!(Lang::En.count(999), "999");
        assert_eq!(Lang::En.count(1000), "1,000");
        assert_eq!(Lang::ZhHk.count(1_234_567), "1,234,567");
    }

    #[test]
    fn english_words_are_the_codes_as_before() {
        assert_eq!(
            request_type(Lang::En, "withdraw_authorization"),
            "withdraw authorization"
        );
        assert_eq!(request_status(Lang::En, "in_progress"), "in progress");
        assert_eq!(
            sensitivity(Lang::En, Some("non_sensitive")),
            "non sensitive"
        );
        assert_eq!(request_type(Lang::ZhHk, "access"), "查閱資料");
        assert_eq!(request_type(Lang::ZhHk, "brand_new"), "brand new");
    }
}
