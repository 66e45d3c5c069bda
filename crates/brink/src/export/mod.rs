//! Writers that turn a stream of event hits into files other tools read: JSON lines, CSV,
//! GDELT-2.0-style TSV and Parquet. Rows are pushed one at a time so an export of any size runs
//! in bounded memory.

mod csv_file;
mod gdelt;
mod jsonl;
mod parquet_file;
mod row;
#[cfg(test)]
mod tests;

use std::io::Write;
use std::str::FromStr;

use brink_proto::v1::EventHit;
use clap::ValueEnum;

/// Output formats of an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// The proto3 JSON mapping of each event hit, one per line.
    Jsonl,
    /// One flat row per event with a header line.
    Csv,
    /// GDELT 2.0 event-table columns, tab-separated, without a header.
    Tsv,
    /// The CSV columns with column types, in row groups.
    Parquet,
}

impl FromStr for Format {
    type Err = anyhow::Error;

    fn from_str(value: &str) -> anyhow::Result<Self> {
        <Self as ValueEnum>::from_str(value, true).map_err(|_| {
            anyhow::anyhow!("unknown export format {value:?}, expected jsonl, csv, tsv or parquet")
        })
    }
}

/// Receives event hits one at a time and writes them in one format.
pub trait RowWriter: Send {
    fn write(&mut self, hit: &EventHit) -> anyhow::Result<()>;

    /// Writes what is still buffered and the format's trailer; a Parquet file is unreadable
    /// without it.
    fn finish(self: Box<Self>) -> anyhow::Result<()>;
}

/// Starts writing `format` to `out`, which is buffered here (no need to wrap it).
pub fn writer<W: Write + Send + 'static>(
    format: Format,
    out: W,
) -> anyhow::Result<Box<dyn RowWriter>> {
    Ok(match format {
        Format::Jsonl => Box::new(jsonl::JsonlWriter::new(out)),
        Format::Csv => Box::new(csv_file::CsvWriter::new(out)?),
        Format::Tsv => Box::new(gdelt::GdeltWriter::new(out)),
        Format::Parquet => Box::new(parquet_file::ParquetWriter::new(out)?),
    })
}
