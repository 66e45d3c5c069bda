//! CSV with a header line and the flat columns; the `csv` crate quotes whatever needs it.

use std::io::Write;

use brink_proto::v1::EventHit;

use super::RowWriter;
use super::row::{COLUMNS, EventRow, Field};

pub struct CsvWriter<W: Write> {
    out: csv::Writer<W>,
    record: csv::StringRecord,
}

impl<W: Write> CsvWriter<W> {
    pub fn new(out: W) -> anyhow::Result<Self> {
        let mut out = csv::Writer::from_writer(out);
        out.write_record(COLUMNS.iter().map(|c| c.name))?;
        Ok(CsvWriter {
            out,
            record: csv::StringRecord::new(),
        })
    }
}

impl<W: Write + Send> RowWriter for CsvWriter<W> {
    fn write(&mut self, hit: &EventHit) -> anyhow::Result<()> {
        let row = EventRow::from(hit);
        self.record.clear();
        for column in COLUMNS {
            self.record.push_field(&render(column.field, &row));
        }
        self.out.write_record(&self.record)?;
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> anyhow::Result<()> {
        self.out.flush()?;
        Ok(())
    }
}

/// Absent values become empty cells; numbers use Rust's shortest round-trip form.
fn render(field: Field, row: &EventRow) -> String {
    let optional = |value: Option<String>| value.unwrap_or_default();
    match field {
        Field::Text(get) => get(row).to_owned(),
        Field::Bool(get) => get(row).to_string(),
        Field::Int(get) => get(row).to_string(),
        Field::Float(get) => get(row).to_string(),
        Field::OptFloat(get) => optional(get(row).map(|v| v.to_string())),
        Field::OptUInt(get) => optional(get(row).map(|v| v.to_string())),
        Field::OptDate(get) => optional(get(row).map(|d| d.format("%Y-%m-%d").to_string())),
    }
}
