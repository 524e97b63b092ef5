//! The user's own numeric CSV.
//!
//! Rules, each with a sentence naming the line when broken:
//! - The separator is detected from the first [`SAMPLE_LINES`] non-blank lines: of comma, semicolon and
//!   tab, those that split a typical line into at least 2 values compete; one that splits every line
//!   alike wins, then the one whose values read as numbers most often (ties: comma, semicolon, tab).
//!   With `;` or tabs a decimal comma, `1,5`, is read as `1.5`. Quotes work as usual. Without any
//!   separator the file has one column (and is refused for that, saying no separator was found).
//! - Blank lines (including lines of only spaces or only separators) are skipped; spaces around values
//!   are ignored; a UTF-8 byte-order mark is ignored.
//! - The first row is a header if any of its fields is text that is not a number (read with the same
//!   rules as the data, so `1,5;2` is data, not a header); otherwise columns are named `c1`, `c2`, ….
//! - A message quotes a refused value or a header name only as a short escaped excerpt
//!   ([`crate::excerpt`]), and says which separator was used when that may be the cause.
//! - Every row must have as many values as the first row, and every value must be a finite number
//!   (NaN and infinity are refused by name).
//! - A header column named `label` or `class` (any case) is not trained on; if all its values are whole
//!   numbers 0 to 255 they become the samples' [`Dataset::labels`] (and their colour), otherwise they
//!   are only used as the colour. A column named `t` or `color` is the colour and is not trained on.
//!   Only the first column of each kind is special.
//! - At least 2 columns to train on and at least 16 data rows; at most [`MAX_ROWS`] rows,
//!   [`MAX_COLUMNS`] training columns and [`MAX_BYTES`] of text.
//!
//! The training columns are **standardized** (each to mean 0, population std 1, see
//! [`standardize_columns`]), so columns in different units weigh the same; the colour column keeps its
//! raw values.

use super::standardize::standardize_columns;
use super::{DataError, Dataset};
use crate::config::DataKind;
use crate::excerpt::{excerpt, quoted};
use ::csv::{ReaderBuilder, StringRecord, Trim};
use ndarray::Array2;

/// Most data rows a CSV may have (the largest data set the playground trains on).
pub const MAX_ROWS: usize = 20_000;
/// Most columns a CSV may have to train on.
pub const MAX_COLUMNS: usize = 1024;
/// Largest CSV text accepted, in bytes.
pub const MAX_BYTES: usize = 20 * 1024 * 1024;
/// Fewest data rows.
pub const MIN_ROWS: usize = 16;
/// Fewest columns to train on.
pub const MIN_COLUMNS: usize = 2;

/// Non-blank lines the separator is judged from.
pub const SAMPLE_LINES: usize = 50;

/// Values beyond this magnitude are refused: they would overflow the `f32` the data is kept in.
const MAX_MAGNITUDE: f64 = 1e38;

/// What each column of the file is for.
struct Layout {
    /// Header name of each column of the file ("" without a header).
    names: Vec<String>,
    /// Columns trained on, in file order.
    train: Vec<usize>,
    /// The `label`/`class` column.
    label: Option<usize>,
    /// The `t`/`color` column.
    color: Option<usize>,
}

impl Layout {
    fn new(names: Vec<String>) -> Layout {
        let is = |name: &str, options: &[&str]| options.iter().any(|o| name.eq_ignore_ascii_case(o));
        let label = names.iter().position(|n| is(n, &["label", "class"]));
        let color = names.iter().position(|n| is(n, &["t", "color"]));
        let train = (0..names.len()).filter(|&j| Some(j) != label && Some(j) != color).collect();
        Layout { names, train, label, color }
    }

    /// `column 2 ("height")`, or `column 2` without a header name.
    fn describe(&self, column: usize) -> String {
        match self.names[column].as_str() {
            "" => format!("column {}", column + 1),
            name => format!("column {} ({})", column + 1, quoted(name)),
        }
    }
}

/// Parses the text of a numeric CSV into a standardized data set (see the module docs for the rules).
pub fn parse(text: &str) -> Result<Dataset, DataError> {
    if text.len() > MAX_BYTES {
        return Err(DataError::Csv(format!(
            "the file is {:.1} MB, but at most {} MB can be loaded.",
            text.len() as f64 / (1024.0 * 1024.0),
            MAX_BYTES / (1024 * 1024)
        )));
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let format = Format::detect(text);
    let decimal_comma = format.decimal_comma();
    let mut reader = ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(Trim::All)
        .delimiter(format.delimiter)
        .from_reader(text.as_bytes());

    let mut layout: Option<Layout> = None;
    let mut width = 0;
    let mut rows = 0;
    // Training values row-major, each minus the column's first value: the offset is removed in f64, so a
    // column like 1.7e9 + small changes keeps its precision in f32. Standardizing removes the mean
    // anyway, so the shift changes nothing else.
    let mut values: Vec<f32> = Vec::new();
    let mut shift: Vec<f64> = Vec::new();
    let mut label_values: Vec<f64> = Vec::new();
    let mut color_values: Vec<f32> = Vec::new();

    let mut lines = Lines { text: text.as_bytes(), at: 0, line: 1 };
    let mut record = StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                let line = e.position().map_or(0, |p| lines.of_record(p.byte() as usize));
                let message = format!("the file could not be read ({}).", excerpt(&e.to_string(), 80));
                return Err(if line > 0 { DataError::CsvLine { line, message } } else { DataError::Csv(message) });
            }
        }
        if record.iter().all(str::is_empty) {
            continue;
        }
        let line = record.position().map_or(0, |p| lines.of_record(p.byte() as usize));
        let at = |message: String| DataError::CsvLine { line, message };

        let columns = match &layout {
            Some(columns) => columns,
            None => {
                width = record.len();
                let header = record.iter().any(|f| matches!(number(f, decimal_comma), Err(NotANumber::Text)));
                let names =
                    if header { record.iter().map(str::to_owned).collect() } else { vec![String::new(); width] };
                let columns = Layout::new(names);
                if columns.train.len() > MAX_COLUMNS {
                    return Err(at(format!(
                        "the file has {} columns to train on, but at most {MAX_COLUMNS} are allowed.",
                        columns.train.len()
                    )));
                }
                let columns = layout.insert(columns);
                if header {
                    continue;
                }
                columns
            }
        };

        if record.len() != width {
            return Err(at(format!(
                "this row has {} values but the first row has {width}{}; every row needs the same number.",
                record.len(),
                format.note()
            )));
        }
        if rows == MAX_ROWS {
            return Err(at(format!(
                "the file has more than {MAX_ROWS} data rows, but at most {MAX_ROWS} can be loaded."
            )));
        }
        let value = |j: usize| {
            number(&record[j], decimal_comma).map_err(|why| at(why.sentence(&record[j], &columns.describe(j), format)))
        };
        for (k, &j) in columns.train.iter().enumerate() {
            let v = value(j)?;
            if rows == 0 {
                shift.push(v);
            }
            values.push((v - shift[k]) as f32);
        }
        if let Some(j) = columns.label {
            label_values.push(value(j)?);
        }
        if let Some(j) = columns.color {
            color_values.push(value(j)? as f32);
        }
        rows += 1;
    }

    let Some(columns) = layout else {
        return Err(DataError::Csv("the file is empty.".into()));
    };
    let set_aside = columns.label.is_some() || columns.color.is_some();
    if columns.train.len() < MIN_COLUMNS {
        return Err(DataError::Csv(format!(
            "at least {MIN_COLUMNS} numeric columns are needed to train on, but the file has {}{}{}.",
            columns.train.len(),
            if set_aside { " besides its label/colour column" } else { "" },
            if format.found { "" } else { " (no comma, semicolon or tab separates its values)" }
        )));
    }
    if rows < MIN_ROWS {
        return Err(DataError::Csv(format!(
            "the file has {rows} data row{}, but at least {MIN_ROWS} are needed.",
            if rows == 1 { "" } else { "s" }
        )));
    }

    let mut x = Array2::from_shape_vec((rows, columns.train.len()), values)
        .map_err(|e| DataError::Csv(format!("the values could not be arranged in a table ({e}).")))?;
    standardize_columns(&mut x);

    let labels = (columns.label.is_some()
        && label_values.iter().all(|&v| v.fract() == 0.0 && (0.0..=255.0).contains(&v)))
    .then(|| label_values.iter().map(|&v| v as u8).collect::<Vec<u8>>());
    let color = if columns.color.is_some() {
        Some(color_values)
    } else if columns.label.is_some() {
        Some(label_values.iter().map(|&v| v as f32).collect())
    } else {
        None
    };
    let column_names = columns
        .train
        .iter()
        .map(|&j| match columns.names[j].as_str() {
            "" => format!("c{}", j + 1),
            name => name.to_owned(),
        })
        .collect();

    Ok(Dataset { kind: DataKind::Csv, x, color, labels, truth: None, image_shape: None, column_names })
}

/// 1-based line numbers of records, counted in one pass through the text.
///
/// The csv crate's own `Position::line` is not used: it counts from the end of the previous record, so
/// it misses blank lines before a record, and it miscounts `\r\n` line ends. Its byte offset is right,
/// but it also points at the end of the previous record, so the line breaks after it are skipped here.
struct Lines<'a> {
    text: &'a [u8],
    /// Bytes before this have been counted.
    at: usize,
    /// Line of byte `at`.
    line: usize,
}

impl Lines<'_> {
    /// Line of the record whose csv position is `byte`. Calls must come in file order.
    fn of_record(&mut self, byte: usize) -> usize {
        let mut start = byte.min(self.text.len());
        while start < self.text.len() && matches!(self.text[start], b'\r' | b'\n') {
            start += 1;
        }
        for i in self.at..start {
            // `\n`, `\r\n` and a lone `\r` each end one line.
            match self.text[i] {
                b'\n' => self.line += 1,
                b'\r' if self.text.get(i + 1) != Some(&b'\n') => self.line += 1,
                _ => {}
            }
        }
        self.at = self.at.max(start);
        self.line
    }
}

/// How the values of a file are separated.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Format {
    /// `,`, `;` or tab.
    delimiter: u8,
    /// Whether any separator split the sampled lines (otherwise the file is one column).
    found: bool,
}

impl Format {
    const CANDIDATES: [u8; 3] = [b',', b';', b'\t'];

    /// Judges the separator from the first [`SAMPLE_LINES`] non-blank lines (see the module docs).
    fn detect(text: &str) -> Format {
        let lines: Vec<&str> = text.split(['\n', '\r']).filter(|l| !l.trim().is_empty()).take(SAMPLE_LINES).collect();
        let mut best: Option<(u8, Fit)> = None;
        for delimiter in Format::CANDIDATES {
            let Some(fit) = Fit::of(&lines, delimiter) else { continue };
            if best.as_ref().is_none_or(|(_, b)| fit.better_than(b)) {
                best = Some((delimiter, fit));
            }
        }
        match best {
            Some((delimiter, _)) => Format { delimiter, found: true },
            None => Format { delimiter: b',', found: false },
        }
    }

    /// A decimal comma can only be meant when commas do not separate values.
    fn decimal_comma(&self) -> bool {
        self.delimiter != b','
    }

    fn separator_name(delimiter: u8) -> &'static str {
        match delimiter {
            b',' => "comma",
            b';' => "semicolon",
            _ => "tab",
        }
    }

    /// " (values read as separated by semicolons, with decimal commas)" for a file not separated by
    /// commas, so a refusal says how the file was read; "" for the usual commas.
    fn note(&self) -> String {
        if self.decimal_comma() {
            format!(" (values read as separated by {}s, with decimal commas)", Format::separator_name(self.delimiter))
        } else {
            String::new()
        }
    }
}

/// How well one separator splits the sampled lines.
struct Fit {
    /// Every line has the same number of values.
    consistent: bool,
    /// Share of the values (after the first line, which may be a header) that read as numbers.
    numeric: f64,
}

impl Fit {
    /// `None` if `delimiter` leaves most lines whole (fewer than 2 values).
    fn of(lines: &[&str], delimiter: u8) -> Option<Fit> {
        let split: Vec<Vec<&str>> = lines.iter().map(|l| split_outside_quotes(l, delimiter)).collect();
        let mut counts: Vec<usize> = split.iter().map(Vec::len).collect();
        crate::sort::sort_by(&mut counts, &usize::cmp);
        let typical = *counts.get(counts.len() / 2)?;
        if typical < 2 {
            return None;
        }
        let data = if split.len() > 1 { &split[1..] } else { &split[..] };
        let values: Vec<&str> = data.iter().flatten().map(|v| v.trim().trim_matches('"').trim()).collect();
        let numbers = values
            .iter()
            .filter(|v| !matches!(number(v, delimiter != b','), Err(NotANumber::Text | NotANumber::Empty)))
            .count();
        Some(Fit { consistent: counts.first() == counts.last(), numeric: numbers as f64 / values.len().max(1) as f64 })
    }

    fn better_than(&self, other: &Fit) -> bool {
        (self.consistent, self.numeric) > (other.consistent, other.numeric)
    }
}

/// The pieces of `line` between `delimiter`s that are not inside double quotes.
fn split_outside_quotes(line: &str, delimiter: u8) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut quoted = false;
    let mut start = 0;
    for (i, byte) in line.bytes().enumerate() {
        if byte == b'"' {
            quoted = !quoted;
        } else if byte == delimiter && !quoted {
            pieces.push(&line[start..i]);
            start = i + 1;
        }
    }
    pieces.push(&line[start..]);
    pieces
}

/// Why a field is not a usable value.
enum NotANumber {
    Empty,
    Text,
    Nan,
    Infinite,
    TooLarge,
}

impl NotANumber {
    /// The sentence for `field` of `column`, quoting the field as a short escaped excerpt.
    fn sentence(&self, field: &str, column: &str, format: Format) -> String {
        let value = quoted(field);
        match self {
            NotANumber::Empty => format!("{column} is empty; every value must be a number."),
            NotANumber::Text => format!("{value} in {column} is not a number{}.", NotANumber::hint(field, format)),
            NotANumber::Nan => {
                format!("{value} in {column} is NaN (not a number); every value must be a finite number.")
            }
            NotANumber::Infinite => {
                format!("{value} in {column} is infinite; every value must be a finite number.")
            }
            NotANumber::TooLarge => {
                format!("{value} in {column} is too large; values must lie between -1e38 and 1e38.")
            }
        }
    }

    /// Why a text field may have been split wrongly: how the file was read, or the other separator it
    /// holds, or numbers separated by spaces.
    fn hint(field: &str, format: Format) -> String {
        if format.decimal_comma() {
            return format.note();
        }
        if let Some(other) = [b';', b'\t'].into_iter().find(|&d| field.as_bytes().contains(&d)) {
            return format!(
                "; the values were read as separated by commas, but it holds a {}",
                Format::separator_name(other)
            );
        }
        let words: Vec<&str> = field.split_whitespace().collect();
        if words.len() > 1 && words.iter().all(|w| w.parse::<f64>().is_ok()) {
            return "; separate values with commas, semicolons or tabs, not spaces".into();
        }
        String::new()
    }
}

/// A finite number, or why the field is not one. With `decimal_comma`, `1,5` reads as 1.5.
fn number(field: &str, decimal_comma: bool) -> Result<f64, NotANumber> {
    if field.is_empty() {
        return Err(NotANumber::Empty);
    }
    let parsed = match field.parse::<f64>() {
        Ok(v) => v,
        Err(_) if decimal_comma && field.matches(',').count() == 1 && !field.contains('.') => {
            field.replace(',', ".").parse::<f64>().map_err(|_| NotANumber::Text)?
        }
        Err(_) => return Err(NotANumber::Text),
    };
    if parsed.is_nan() {
        Err(NotANumber::Nan)
    } else if parsed.is_infinite() {
        Err(NotANumber::Infinite)
    } else if parsed.abs() > MAX_MAGNITUDE {
        Err(NotANumber::TooLarge)
    } else {
        Ok(parsed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `rows` lines of `a,b,c`-style data, starting at value `start`.
    fn rows(n: usize, sep: &str) -> String {
        (0..n).map(|i| format!("{i}{sep}{}{sep}{}\n", i * i, 100 - i as i64)).collect()
    }

    fn message(text: &str) -> String {
        parse(text).unwrap_err().to_string()
    }

    #[test]
    fn plain_numbers_without_header() {
        let d = parse(&rows(20, ",")).unwrap();
        assert_eq!(d.x.dim(), (20, 3));
        assert_eq!(d.column_names, vec!["c1", "c2", "c3"]);
        assert_eq!(d.kind, DataKind::Csv);
        assert!(d.labels.is_none() && d.color.is_none());
        let mean: f32 = d.x.column(0).sum() / 20.0;
        assert!(mean.abs() < 1e-6);
    }

    #[test]
    fn header_semicolons_and_decimal_commas() {
        let text = format!("a;b;c\n{}", rows(20, ";").replace("100", "1,5"));
        let d = parse(&text).unwrap();
        assert_eq!(d.column_names, vec!["a", "b", "c"]);
        assert_eq!(d.x.dim(), (20, 3));
        let tabs = parse(&format!("a\tb\tc\n{}", rows(20, "\t"))).unwrap();
        assert_eq!(tabs.column_names, vec!["a", "b", "c"]);
    }

    #[test]
    fn line_numbers_count_header_and_blank_lines() {
        // Line 1 header, line 2 data, line 3 blank, line 4 data, line 5 bad.
        let text = format!("x,height,z\n1,2,3\n\n4,5,6\n7,abc,9\n{}", rows(20, ","));
        assert_eq!(message(&text), "CSV line 5: \"abc\" in column 2 (\"height\") is not a number.");
        let spaces = format!("1,2,3\n   \n4,5\n{}", rows(20, ","));
        assert_eq!(
            message(&spaces),
            "CSV line 3: this row has 2 values but the first row has 3; every row needs the same number."
        );
    }

    #[test]
    fn line_numbers_with_other_line_ends_and_quoted_newlines() {
        let body = rows(20, ",");
        let crlf = format!("a,b,c\r\n\r\n{}1,2\r\n", body.replace('\n', "\r\n"));
        assert!(message(&crlf).starts_with("CSV line 23: "), "{}", message(&crlf));
        let cr = format!("a,b,c\r\r{}1,2\r", body.replace('\n', "\r"));
        assert!(message(&cr).starts_with("CSV line 23: "), "{}", message(&cr));
        let quoted = format!("\"first\nname\",b,c\n\n{body}1,x,3\n");
        assert_eq!(message(&quoted), "CSV line 24: \"x\" in column 2 (\"b\") is not a number.");
    }

    #[test]
    fn non_finite_values_are_named() {
        let nan = format!("{}1,NaN,3\n", rows(20, ","));
        assert_eq!(
            message(&nan),
            "CSV line 21: \"NaN\" in column 2 is NaN (not a number); every value must be a finite number."
        );
        assert!(message(&format!("{}1,2,-inf\n", rows(20, ","))).contains("is infinite"));
        assert!(message(&format!("{}1,2,1e300\n", rows(20, ","))).contains("too large"));
        assert!(message(&format!("{}1,,3\n", rows(20, ","))).contains("column 2 is empty"));
    }

    #[test]
    fn size_rules() {
        assert_eq!(message(""), "CSV: the file is empty.");
        assert_eq!(message("\n\n  \n"), "CSV: the file is empty.");
        assert!(message(&rows(15, ",")).contains("has 15 data rows, but at least 16"));
        assert!(message("a,b\n").contains("has 0 data rows"));
        let one_column: String = (0..20).map(|i| format!("{i}\n")).collect();
        assert!(message(&one_column).contains("at least 2 numeric columns"));
        assert!(message(&format!("label,x\n{}", "1,2\n".repeat(20))).contains("besides its label"));
        let wide = vec!["1"; MAX_COLUMNS + 1].join(",");
        assert!(message(&format!("{wide}\n")).contains("at most 1024"));
        let long = rows(MAX_ROWS + 1, ",");
        assert_eq!(
            message(&long),
            format!(
                "CSV line {}: the file has more than 20000 data rows, but at most 20000 can be loaded.",
                MAX_ROWS + 1
            )
        );
    }

    #[test]
    fn label_and_colour_columns_are_set_aside() {
        let text: String = std::iter::once("x,Label,y,t\n".to_owned())
            .chain((0..20).map(|i| format!("{i},{},{},{}\n", i % 3, i * 2 % 7, i as f32 / 2.0)))
            .collect();
        let d = parse(&text).unwrap();
        assert_eq!(d.column_names, vec!["x", "y"]);
        assert_eq!(d.labels.as_ref().unwrap()[..4], [0, 1, 2, 0]);
        assert_eq!(d.color.as_ref().unwrap()[..3], [0.0, 0.5, 1.0]);

        let fractional: String = std::iter::once("a,b,class\n".to_owned())
            .chain((0..20).map(|i| format!("{i},{},{}.5\n", i * 3, i)))
            .collect();
        let d = parse(&fractional).unwrap();
        assert!(d.labels.is_none());
        assert_eq!(d.color.as_ref().unwrap()[1], 1.5);
        assert_eq!(d.x.ncols(), 2);
    }

    #[test]
    fn semicolons_and_decimal_commas_without_header_are_detected() {
        let text: String = (0..20).map(|i| format!("{i},5;2,25;{}\n", i % 3)).collect();
        let d = parse(&text).unwrap();
        assert_eq!(d.x.dim(), (20, 3), "the first line is data, not a header");
        assert_eq!(d.column_names, vec!["c1", "c2", "c3"]);
        // The issue's two-line file is read right: its only complaint is its length.
        assert_eq!(message("1,5;2,25;3\n4;5,5;6\n"), "CSV: the file has 2 data rows, but at least 16 are needed.");
        let tabs: String = (0..20).map(|i| format!("{i},5\t{}\t7\n", i * 2)).collect();
        assert_eq!(parse(&tabs).unwrap().x.dim(), (20, 3));
    }

    #[test]
    fn the_separator_that_splits_every_line_alike_wins() {
        assert_eq!(Format::detect("1,5;2,25;3\n4;5,5;6\n").delimiter, b';');
        assert_eq!(Format::detect("a,b\n\"x;y\",2\n").delimiter, b',');
        // Both split every line alike; only semicolons leave numbers.
        assert_eq!(Format::detect("1,5;2,5\n3,5;4,5\n").delimiter, b';');
        assert_eq!(Format::detect("1\n2\n"), Format { delimiter: b',', found: false });
        assert_eq!(Format::detect("1\t2\r3\t4\r").delimiter, b'\t');
    }

    #[test]
    fn refusals_quote_a_short_escaped_excerpt() {
        let huge = format!("a,b\n{}1,{}\n", "1,2\n".repeat(20), "x".repeat(1_000_000));
        let huge = message(&huge);
        assert!(huge.chars().count() < 120, "{huge}");
        assert!(huge.starts_with("CSV line 22: \"xxxx") && huge.ends_with("…\" in column 2 (\"b\") is not a number."));
        let binary = message(&format!("a,b\n{}1,\u{0}\u{1b}[31m\u{202e}\n", "1,2\n".repeat(20)));
        assert_eq!(binary, "CSV line 22: \"\\u{0}\\u{1b}[31m\\u{202e}\" in column 2 (\"b\") is not a number.");
        let long_name = format!("{},b\n{}1,x\n", "n".repeat(500), "1,2\n".repeat(20));
        assert!(message(&long_name).chars().count() < 150, "{}", message(&long_name));
    }

    #[test]
    fn refusals_say_how_the_file_was_read() {
        let semicolons = format!("{}1;abc;3\n", rows(20, ";"));
        assert_eq!(
            message(&semicolons),
            "CSV line 21: \"abc\" in column 2 is not a number (values read as separated by semicolons, with \
             decimal commas)."
        );
        let ragged = format!("{}1;2\n", rows(20, ";"));
        assert!(message(&ragged).contains("has 3 (values read as separated by semicolons"), "{}", message(&ragged));
        let mixed = format!("{}1,2;5,3\n", rows(20, ","));
        assert_eq!(
            message(&mixed),
            "CSV line 21: \"2;5\" in column 2 is not a number; the values were read as separated by commas, but it \
             holds a semicolon."
        );
        let spaces: String = (0..20).map(|i| format!("{i} {} 3\n", i * 2)).collect();
        assert!(message(&spaces).contains("not spaces."), "{}", message(&spaces));
        let single: String = (0..20).map(|i| format!("{i}\n")).collect();
        assert!(message(&single).ends_with("(no comma, semicolon or tab separates its values)."));
    }

    #[test]
    fn a_byte_order_mark_is_ignored() {
        let d = parse(&format!("\u{feff}a,b,c\n{}", rows(20, ","))).unwrap();
        assert_eq!(d.column_names, vec!["a", "b", "c"]);
    }
}
