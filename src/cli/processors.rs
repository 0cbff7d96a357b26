//! `workbench processors …`: third-party processors (policy §6).

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use workbench::register::processors::{self, ProcessorInput};
use workbench::spreadsheet::{ExportReport, Format, ImportReport};
use workbench::{Error, Register};

use super::output::{opt, print_json, print_rows};
use super::{actor, JsonFlag, Outcome};

/// The processors verbs.
#[derive(Subcommand)]
pub enum Command {
    /// List the processors, active first
    List(JsonFlag),
    /// Show one processor's every field
    Show {
        /// The processor's id or name
        processor: String,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// Add a processor (name, service, purpose and country are required)
    Add(ProcessorArgs),
    /// Change a processor's fields; an empty value ("") clears an optional field
    Edit {
        /// The processor's id or name
        processor: String,
        #[command(flatten)]
        fields: ProcessorArgs,
    },
    /// Retire a processor that no longer processes data for Wesmond
    Retire {
        /// The processor's id or name
        processor: String,
        /// Why it is retired
        #[arg(long)]
        reason: Option<String>,
    },
    /// Import processors from a CSV or XLSX file (rows matched by name); nothing is
    /// written unless every row is good
    Import(ImportArgs),
    /// Export every processor to a CSV or XLSX file
    Export(ExportArgs),
}

/// A processor's fields on the command line.
#[derive(Args)]
pub struct ProcessorArgs {
    /// The processor's name (unique)
    #[arg(long)]
    name: Option<String>,
    /// The service it provides (e.g. "cloud hosting")
    #[arg(long)]
    service: Option<String>,
    /// Why Wesmond uses it
    #[arg(long)]
    purpose: Option<String>,
    /// Categories of personal data it processes, separated by ';'
    #[arg(long, value_name = "A;B")]
    data_categories: Option<String>,
    /// Where it processes data: ISO 3166-1 alpha-2 code (HK, US, SG, IE…; EU allowed)
    #[arg(long)]
    country: Option<String>,
    /// How a transfer out of Hong Kong is safeguarded
    #[arg(long)]
    transfer_mechanism: Option<String>,
    /// none | pending | confidentiality_agreement | dpa
    #[arg(long)]
    confidentiality: Option<String>,
    /// When the agreement or DPA was signed (required for confidentiality_agreement and dpa)
    #[arg(long, value_name = "YYYY-MM-DD")]
    confidentiality_date: Option<String>,
    #[arg(long, value_name = "YYYY-MM-DD")]
    contract_start: Option<String>,
    /// Not before --contract-start
    #[arg(long, value_name = "YYYY-MM-DD")]
    contract_end: Option<String>,
    /// When the processor is next reviewed
    #[arg(long, value_name = "YYYY-MM-DD")]
    next_review: Option<String>,
    /// active | retired
    #[arg(long)]
    status: Option<String>,
    #[arg(long)]
    notes: Option<String>,
}

impl From<ProcessorArgs> for ProcessorInput {
    fn from(a: ProcessorArgs) -> Self {
        ProcessorInput {
            name: a.name,
            service: a.service,
            purpose: a.purpose,
            data_categories: a.data_categories,
            country: a.country,
            transfer_mechanism: a.transfer_mechanism,
            confidentiality: a.confidentiality,
            confidentiality_date: a.confidentiality_date,
            contract_start: a.contract_start,
            contract_end: a.contract_end,
            next_review: a.next_review,
            status: a.status,
            notes: a.notes,
        }
    }
}

/// `import FILE [--json]`, shared by the spreadsheet registers.
#[derive(Args)]
pub struct ImportArgs {
    /// A .csv (UTF-8, comma-separated) or .xlsx file whose first row names the columns
    pub file: PathBuf,
    #[command(flatten)]
    pub json: JsonFlag,
}

/// `export [--format csv|xlsx] --out FILE [--json]`, shared by the spreadsheet registers.
#[derive(Args)]
pub struct ExportArgs {
    /// The file format [default: from --out's extension]
    #[arg(long, value_parser = ["csv", "xlsx"])]
    pub format: Option<String>,
    /// The file to write (replaced whole, never half-written)
    #[arg(long)]
    pub out: PathBuf,
    #[command(flatten)]
    pub json: JsonFlag,
}

impl ExportArgs {
    /// The format asked for, or the one --out's name says.
    pub fn format(&self) -> Result<Format, Error> {
        match &self.format {
            Some(f) => Format::parse(f),
            None => Format::from_path(&self.out),
        }
    }
}

/// Prints what an import did.
pub fn print_import(r: &ImportReport, json: bool) -> Result<(), Error> {
    if json {
        print_json(r)
    } else {
        say!("{}", r.summary());
        Ok(())
    }
}

/// Prints what an export wrote.
pub fn print_export(r: &ExportReport, json: bool) -> Result<(), Error> {
    if json {
        print_json(r)
    } else {
        say!("{}", r.summary());
        Ok(())
    }
}

/// Runs an export and prints what it wrote.
pub fn export_with(
    args: &ExportArgs,
    f: impl FnOnce(Format, &Path) -> Result<ExportReport, Error>,
) -> Result<(), Error> {
    let r = f(args.format()?, &args.out)?;
    print_export(&r, args.json.json)
}

/// Runs one processors verb.
pub fn run(reg: &mut Register, cmd: Command) -> Result<Outcome, Error> {
    let who = actor();
    match cmd {
        Command::List(f) => print_rows(
            &processors::list(reg.conn())?,
            f.json,
            "No processors yet. Add one with `workbench processors add` or import a spreadsheet.",
            &[
                "ID",
                "NAME",
                "SERVICE",
                "COUNTRY",
                "CONFIDENTIALITY",
                "NEXT REVIEW",
                "STATUS",
            ],
            |p| {
                vec![
                    p.id.to_string(),
                    p.name.clone(),
                    p.service.clone(),
                    p.country.clone(),
                    p.confidentiality.clone(),
                    opt(&p.next_review),
                    p.status.clone(),
                ]
            },
        )?,
        Command::Show { processor, json } => {
            let p = processors::find(reg.conn(), &processor)?;
            if json.json {
                print_json(&p)?;
            } else {
                let f = &p.fields;
                say!("Processor {}: {}", p.id, f.name);
                say!("  service:              {}", f.service);
                say!("  purpose:              {}", f.purpose);
                say!("  data categories:      {}", f.data_categories.join("; "));
                say!("  country:              {}", f.country);
                say!("  transfer mechanism:   {}", opt(&f.transfer_mechanism));
                say!("  confidentiality:      {}", f.confidentiality);
                say!("  confidentiality date: {}", opt(&f.confidentiality_date));
                say!(
                    "  contract:             {} to {}",
                    opt(&f.contract_start),
                    opt(&f.contract_end)
                );
                say!("  next review:          {}", opt(&f.next_review));
                say!("  status:               {}", f.status);
                say!("  notes:                {}", opt(&f.notes));
                say!(
                    "  created / updated:    {} / {}",
                    p.created_at,
                    p.updated_at
                );
            }
        }
        Command::Add(args) => {
            let input = ProcessorInput::from(args);
            let id = reg.write(&who, |c| processors::create(c, &input))?;
            let p = processors::get(reg.conn(), id)?;
            say!("Added processor {} ({}).", p.fields.name, id);
        }
        Command::Edit { processor, fields } => {
            let p = processors::find(reg.conn(), &processor)?;
            let input = ProcessorInput::from(fields);
            // Check first, so an edit that changes nothing writes nothing.
            let new = input.apply(&p.fields).map_err(|e| {
                workbench::spreadsheet::fields::into_error(
                    &format!("processor {}", p.fields.name),
                    &e,
                )
            })?;
            if new == p.fields {
                say!(
                    "Nothing changed: processor {} ({}) already has those values.",
                    p.fields.name,
                    p.id
                );
            } else {
                reg.write(&who, |c| processors::update(c, p.id, &new))?;
                say!("Saved processor {} ({}).", new.name, p.id);
            }
        }
        Command::Retire { processor, reason } => {
            let p = processors::find(reg.conn(), &processor)?;
            reg.write(&who, |c| processors::retire(c, p.id, reason.as_deref()))?;
            say!("Retired processor {} ({}).", p.fields.name, p.id);
        }
        Command::Import(a) => {
            let r = processors::import(reg, &who, &a.file)?;
            print_import(&r, a.json.json)?;
        }
        Command::Export(a) => export_with(&a, |format, out| {
            processors::export(reg.conn(), format, out)
        })?,
    }
    Ok(Outcome::Ok)
}
