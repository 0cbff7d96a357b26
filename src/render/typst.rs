//! A typst engine held in memory: compiles a template, fed with data, into a PDF.
//!
//! The template sees nothing but what we hand it: the bundled fonts, the CJK
//! fonts of a few known system paths, the files passed in, and `sys.inputs`.
//! It cannot read the disk, reach the network or see the clock (`datetime.today()`
//! is the document's date), so the same input always gives the same bytes.
//!
//! User text travels as data, never as markup: `sys.inputs` holds
//! - `data`: the caller's inputs as a JSON string (read it with `json(bytes(sys.inputs.data))`);
//! - `title`, `author`: the document metadata, as strings;
//! - `date`: the document's date, `YYYY-MM-DD`.

use std::collections::HashMap;
use std::sync::OnceLock;

use ::typst::diag::{FileError, FileResult, Severity, SourceDiagnostic};
use ::typst::foundations::{Bytes, Datetime, Dict, Smart, Str, Value};
use ::typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use ::typst::text::{Font, FontBook};
use ::typst::utils::LazyHash;
use ::typst::{Library, LibraryExt, World, WorldExt};
use chrono::{Datelike, NaiveDate};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, Timestamp};

use crate::error::{Error, Result};

/// Where Debian's packages put CJK fonts that cover Traditional Chinese, best
/// first: `fonts-noto-cjk` (serif, then sans), then `fonts-arphic-uming`/`ukai`.
/// Only the first group found is loaded (each is ~50 MB, kept for the process's
/// life), and the file system is never scanned.
const CJK_FONT_GROUPS: &[&[&str]] = &[
    &[
        "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
        "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc",
    ],
    &[
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
    ],
    &[
        "/usr/share/fonts/truetype/arphic/uming.ttc",
        "/usr/share/fonts/truetype/arphic/ukai.ttc",
    ],
];

/// The document's metadata, for the template (`sys.inputs`) and for the PDF
/// where the template sets none.
#[derive(Debug, Clone, Copy)]
pub struct PdfMeta<'a> {
    /// The PDF's Title, unless the template sets one.
    pub title: &'a str,
    /// The PDF's Author, unless the template sets one.
    pub author: &'a str,
    /// The document's date: the template's `datetime.today()`, and the PDF's
    /// creation date unless the template sets one.
    pub date: NaiveDate,
}

/// Compiles `template` (typst markup) into a PDF, with `inputs` available to it
/// as `json(bytes(sys.inputs.data))`.
///
/// A template that fails gives `Error::Invalid` naming the first error and its line.
pub fn compile_pdf(
    template: &str,
    inputs: &serde_json::Value,
    meta: &PdfMeta<'_>,
) -> Result<Vec<u8>> {
    compile_pdf_with_files(template, &[], inputs, meta)
}

/// Like [`compile_pdf`], and the template may also read `files` (path, bytes),
/// e.g. `image("logo.png")`. Every other path is refused.
pub fn compile_pdf_with_files(
    template: &str,
    files: &[(&str, &[u8])],
    inputs: &serde_json::Value,
    meta: &PdfMeta<'_>,
) -> Result<Vec<u8>> {
    let world = TemplateWorld::new(template, files, inputs, meta)?;
    let result = compile(&world, meta);
    // typst memoises across compiles in a process-wide cache; a long-running
    // desktop app would otherwise grow with every export. Evict after each
    // compile, failed ones included.
    comemo::evict(0);
    result
}

fn compile(world: &TemplateWorld, meta: &PdfMeta<'_>) -> Result<Vec<u8>> {
    let mut document = ::typst::compile::<PagedDocument>(world)
        .output
        .map_err(|errors| template_error(world, &errors))?;
    // A template that sets no title or author (an officer's edit, say) still
    // gives a PDF that says what it is.
    let info = document.info_mut();
    if info.title.is_none() {
        info.title = Some(meta.title.into());
    }
    if info.author.is_empty() {
        info.author = vec![meta.author.into()];
    }
    let date = typst_date(meta.date)?;
    let options = PdfOptions {
        // A stable identifier and a fixed creation date: the same input gives
        // byte-identical files, so a copy can be checked against its hash.
        ident: Smart::Custom(format!("{}\n{}\n{}", meta.title, meta.author, meta.date)),
        timestamp: Some(Timestamp::new_utc(date)),
        ..PdfOptions::default()
    };
    typst_pdf::pdf(&document, &options).map_err(|errors| template_error(world, &errors))
}

/// The template's first error, as one sentence with its line.
fn template_error(world: &TemplateWorld, diagnostics: &[SourceDiagnostic]) -> Error {
    let Some(first) = diagnostics
        .iter()
        .find(|d| d.severity == Severity::Error)
        .or_else(|| diagnostics.first())
    else {
        return Error::Invalid("the PDF template failed for an unknown reason".into());
    };
    let mut message = format!("the PDF template failed: {}", first.message);
    if let Some(line) = line_of(world, first) {
        message.push_str(&format!(" at line {line}"));
    }
    if let Some(id) = first.span.id().filter(|&id| id != world.main) {
        message.push_str(&format!(" of {}", id.vpath().get_without_slash()));
    }
    if let Some(hint) = first.hints.first() {
        message.push_str(&format!(" (hint: {})", hint.v));
    }
    Error::Invalid(message)
}

fn line_of(world: &TemplateWorld, diagnostic: &SourceDiagnostic) -> Option<usize> {
    let id = diagnostic.span.id()?;
    let range = world.range(diagnostic.span)?;
    let source = world.source(id).ok()?;
    source
        .lines()
        .byte_to_line(range.start)
        .map(|line| line + 1)
}

fn typst_date(date: NaiveDate) -> Result<Datetime> {
    let invalid = || Error::Invalid(format!("{date} cannot be a PDF's date"));
    let month = u8::try_from(date.month()).map_err(|_| invalid())?;
    let day = u8::try_from(date.day()).map_err(|_| invalid())?;
    Datetime::from_ymd(date.year(), month, day).ok_or_else(invalid)
}

/// Every font a template can use, loaded once per process: reading the CJK
/// collections (~90 MB) again for each export would dominate its time.
struct FontSet {
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

fn font_set() -> &'static FontSet {
    static FONTS: OnceLock<FontSet> = OnceLock::new();
    FONTS.get_or_init(|| {
        let mut fonts: Vec<Font> = typst_assets::fonts()
            .flat_map(|data| Font::iter(Bytes::new(data)))
            .collect();
        // A missing or unreadable font is not an error: text it would have
        // covered falls back to another font (or shows as missing glyphs).
        for group in CJK_FONT_GROUPS {
            let before = fonts.len();
            for path in *group {
                if let Ok(data) = std::fs::read(path) {
                    fonts.extend(Font::iter(Bytes::new(data)));
                }
            }
            if fonts.len() > before {
                break;
            }
        }
        FontSet {
            book: LazyHash::new(FontBook::from_fonts(&fonts)),
            fonts,
        }
    })
}

/// The in-memory world of one compile.
struct TemplateWorld {
    library: LazyHash<Library>,
    main: FileId,
    source: Source,
    files: HashMap<FileId, Bytes>,
    today: Datetime,
}

impl TemplateWorld {
    fn new(
        template: &str,
        files: &[(&str, &[u8])],
        inputs: &serde_json::Value,
        meta: &PdfMeta<'_>,
    ) -> Result<Self> {
        let main = project_file("main.typ")?;
        let files = files
            .iter()
            .map(|(path, bytes)| Ok((project_file(path)?, Bytes::new(bytes.to_vec()))))
            .collect::<Result<HashMap<_, _>>>()?;
        let data = serde_json::to_string(inputs).map_err(|e| {
            Error::Invalid(format!("the PDF's data cannot be written as JSON: {e}"))
        })?;
        let mut sys_inputs = Dict::new();
        for (key, value) in [
            ("data", data),
            ("title", meta.title.to_owned()),
            ("author", meta.author.to_owned()),
            ("date", meta.date.format("%Y-%m-%d").to_string()),
        ] {
            sys_inputs.insert(Str::from(key), Value::Str(value.into()));
        }
        Ok(Self {
            library: LazyHash::new(Library::builder().with_inputs(sys_inputs).build()),
            main,
            source: Source::new(main, template.to_owned()),
            files,
            today: typst_date(meta.date)?,
        })
    }
}

fn project_file(path: &str) -> Result<FileId> {
    let vpath = VirtualPath::new(path)
        .map_err(|e| Error::Invalid(format!("{path} cannot be a template file's path: {e}")))?;
    Ok(RootedPath::new(VirtualRoot::Project, vpath).intern())
}

fn refused(id: FileId) -> FileError {
    let message = match id.root() {
        VirtualRoot::Package(package) => {
            format!("package {package} is not available: the workbench works offline")
        }
        VirtualRoot::Project => format!(
            "{} is not available: a template may read only the files it is given",
            id.vpath().get_without_slash()
        ),
    };
    FileError::Other(Some(message.into()))
}

impl World for TemplateWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &font_set().book
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main {
            return Ok(self.source.clone());
        }
        let bytes = self.files.get(&id).ok_or_else(|| refused(id))?;
        let text = std::str::from_utf8(bytes).map_err(|_| FileError::InvalidUtf8)?;
        Ok(Source::new(id, text.to_owned()))
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.main {
            return Ok(Bytes::from_string(self.source.text().to_owned()));
        }
        self.files.get(&id).cloned().ok_or_else(|| refused(id))
    }

    fn font(&self, index: usize) -> Option<Font> {
        font_set().fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<::typst::foundations::Duration>) -> Option<Datetime> {
        Some(self.today)
    }
}
