//! `workbench merchants …`: the merchants whose platforms TrackTrack connects to.

use clap::{Args, Subcommand};
use workbench::register::merchants::{self, MerchantInput, MerchantQuery, MerchantRow};
use workbench::{time, Error, Register};

use super::authorizations::{flag_text, scope_text};
use super::output::{opt, print_json, print_page, print_rows};
use super::processors::{export_with, print_import, ExportArgs, ImportArgs};
use super::{actor, JsonFlag, Outcome};

/// The merchants verbs.
#[derive(Subcommand)]
pub enum Command {
    /// List the merchants, by name.
    ///
    /// Without --search, --limit or --offset it prints every merchant (with --json, an
    /// array of rows). With any of them it prints one page: with --json the object
    /// {"total", "offset", "limit", "rows": [...]}; as text the table and which rows of how
    /// many it shows.
    #[command(verbatim_doc_comment)]
    List(ListArgs),
    /// Show a merchant with its authorizations and their scopes' sensitivity
    Show {
        /// The merchant's id, name or shop domain
        merchant: String,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// Add a merchant (--name is required; names are unique)
    Add(MerchantArgs),
    /// Change a merchant's fields; an empty value ("") clears an optional field
    Edit {
        /// The merchant's id, name or shop domain
        merchant: String,
        #[command(flatten)]
        fields: MerchantArgs,
    },
    /// Import merchants from a CSV or XLSX file (rows matched by shop_domain, then
    /// name); nothing is written unless every row is good
    Import(ImportArgs),
    /// Export every merchant to a CSV or XLSX file
    Export(ExportArgs),
}

/// Options of `merchants list`.
#[derive(Args)]
pub struct ListArgs {
    /// Text to find in the name, shop domain or contact email
    #[arg(long, value_name = "TEXT")]
    search: Option<String>,
    /// Rows a page, 1 to 1000 [default with a page: 50]
    #[arg(long, value_name = "N")]
    limit: Option<u32>,
    /// Rows to skip [default: 0]
    #[arg(long, value_name = "K")]
    offset: Option<u64>,
    #[command(flatten)]
    json: JsonFlag,
}

const HEADER: &[&str] = &["ID", "NAME", "SHOP", "EMAIL", "STATUS", "ACTIVE AUTHS"];

fn cells(m: &MerchantRow) -> Vec<String> {
    vec![
        m.id.to_string(),
        m.name.clone(),
        opt(&m.shop_domain),
        opt(&m.contact_email),
        m.status.clone(),
        m.active_authorizations.to_string(),
    ]
}

/// Prints `merchants list`: every merchant, or one page of them.
fn list(reg: &Register, a: ListArgs) -> Result<(), Error> {
    if a.search.is_none() && a.limit.is_none() && a.offset.is_none() {
        return print_rows(
            &merchants::list(reg.conn())?,
            a.json.json,
            "No merchants yet. Add one with `workbench merchants add` or import a spreadsheet.",
            HEADER,
            cells,
        );
    }
    let q = MerchantQuery {
        search: a.search,
        limit: a.limit.unwrap_or(workbench::register::DEFAULT_PAGE_LIMIT),
        offset: a.offset.unwrap_or(0),
    };
    let p = merchants::page(reg.conn(), &q)?;
    print_page(
        &p,
        a.json.json,
        "No merchants match.",
        "merchant(s)",
        HEADER,
        cells,
    )
}

/// A merchant's fields on the command line.
#[derive(Args)]
pub struct MerchantArgs {
    #[arg(long)]
    name: Option<String>,
    /// The shop's bare domain, e.g. example.myshopify.com
    #[arg(long)]
    shop_domain: Option<String>,
    #[arg(long)]
    contact_email: Option<String>,
    #[arg(long, value_name = "YYYY-MM-DD")]
    contract_start: Option<String>,
    /// Not before --contract-start; required when --status ended
    #[arg(long, value_name = "YYYY-MM-DD")]
    contract_end: Option<String>,
    /// active | ended
    #[arg(long)]
    status: Option<String>,
    #[arg(long)]
    notes: Option<String>,
}

impl From<MerchantArgs> for MerchantInput {
    fn from(a: MerchantArgs) -> Self {
        MerchantInput {
            name: a.name,
            shop_domain: a.shop_domain,
            contact_email: a.contact_email,
            contract_start: a.contract_start,
            contract_end: a.contract_end,
            status: a.status,
            notes: a.notes,
        }
    }
}

/// Runs one merchants verb.
pub fn run(reg: &mut Register, cmd: Command) -> Result<Outcome, Error> {
    let who = actor();
    match cmd {
        Command::List(a) => list(reg, a)?,
        Command::Show { merchant, json } => {
            let m = merchants::find(reg.conn(), &merchant)?;
            let d = merchants::show(reg.conn(), m.id, time::today())?;
            if json.json {
                print_json(&d)?;
            } else {
                let f = &d.merchant.fields;
                say!("Merchant {}: {}", d.merchant.id, f.name);
                say!("  shop domain:   {}", opt(&f.shop_domain));
                say!("  contact email: {}", opt(&f.contact_email));
                say!(
                    "  contract:      {} to {}",
                    opt(&f.contract_start),
                    opt(&f.contract_end)
                );
                say!("  status:        {}", f.status);
                say!("  notes:         {}", opt(&f.notes));
                if d.authorizations.is_empty() {
                    say!("No authorizations.");
                }
                for a in &d.authorizations {
                    say!(
                        "Authorization {} · {} · {} · granted {}{}",
                        a.id,
                        a.fields.platform,
                        a.fields.purpose,
                        a.fields.granted_at,
                        a.fields
                            .revoked_at
                            .as_deref()
                            .map(|r| format!(" · revoked {r}"))
                            .unwrap_or_default()
                    );
                    for s in &a.granted_scopes {
                        say!("  {}", scope_text(s));
                    }
                    for fl in &a.flags {
                        say!("  {}", flag_text(fl));
                    }
                }
            }
        }
        Command::Add(args) => {
            let input = MerchantInput::from(args);
            let id = reg.write(&who, |c| merchants::create(c, &input))?;
            let m = merchants::get(reg.conn(), id)?;
            say!("Added merchant {} ({}).", m.fields.name, id);
        }
        Command::Edit { merchant, fields } => {
            let m = merchants::find(reg.conn(), &merchant)?;
            let new = MerchantInput::from(fields).apply(&m.fields).map_err(|e| {
                workbench::spreadsheet::fields::into_error(
                    &format!("merchant {}", m.fields.name),
                    &e,
                )
            })?;
            if new == m.fields {
                say!(
                    "Nothing changed: merchant {} ({}) already has those values.",
                    m.fields.name,
                    m.id
                );
            } else {
                reg.write(&who, |c| merchants::update(c, m.id, &new))?;
                say!("Saved merchant {} ({}).", new.name, m.id);
            }
        }
        Command::Import(a) => {
            let r = merchants::import(reg, &who, &a.file)?;
            print_import(&r, a.json.json)?;
        }
        Command::Export(a) => {
            export_with(&a, |format, out| merchants::export(reg.conn(), format, out))?
        }
    }
    Ok(Outcome::Ok)
}
