//! Parquet with the flat columns and their types, written through the column API (no Arrow,
//! which would cost minutes of compile time for nothing Brink needs).

use std::io::Write;
use std::sync::Arc;

use anyhow::Context as _;
use brink_proto::v1::EventHit;
use parquet::basic::{Compression, IntType, LogicalType, Repetition, Type as PhysicalType};
use parquet::column::writer::ColumnWriterImpl;
use parquet::data_type::{BoolType, ByteArray, ByteArrayType, DataType, DoubleType, Int32Type};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::{SerializedColumnWriter, SerializedFileWriter};
use parquet::schema::types::Type;

use super::RowWriter;
use super::row::{COLUMNS, EventRow, Field};

/// Rows buffered before they are written as one row group: large enough for good compression,
/// small enough that a whole export stays near 20 MB of memory whatever its size.
pub const ROW_GROUP_ROWS: usize = 8192;

pub struct ParquetWriter<W: Write + Send> {
    file: SerializedFileWriter<W>,
    rows: Vec<EventRow>,
}

impl<W: Write + Send> ParquetWriter<W> {
    pub fn new(out: W) -> anyhow::Result<Self> {
        let properties = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_created_by(concat!("brink ", env!("CARGO_PKG_VERSION")).to_owned())
            .build();
        let file = SerializedFileWriter::new(out, Arc::new(schema()?), Arc::new(properties))?;
        Ok(ParquetWriter {
            file,
            rows: Vec::with_capacity(ROW_GROUP_ROWS),
        })
    }

    fn write_row_group(&mut self) -> anyhow::Result<()> {
        if self.rows.is_empty() {
            return Ok(());
        }
        let mut group = self.file.next_row_group()?;
        for column in COLUMNS {
            let mut writer = group
                .next_column()?
                .with_context(|| format!("parquet schema lacks column {}", column.name))?;
            write_column(&mut writer, column.field, &self.rows)
                .with_context(|| format!("cannot write parquet column {}", column.name))?;
            writer.close()?;
        }
        group.close()?;
        self.rows.clear();
        Ok(())
    }
}

impl<W: Write + Send> RowWriter for ParquetWriter<W> {
    fn write(&mut self, hit: &EventHit) -> anyhow::Result<()> {
        self.rows.push(EventRow::from(hit));
        if self.rows.len() >= ROW_GROUP_ROWS {
            self.write_row_group()?;
        }
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> anyhow::Result<()> {
        self.write_row_group()?;
        self.file.finish()?;
        Ok(())
    }
}

fn schema() -> anyhow::Result<Type> {
    let fields = COLUMNS
        .iter()
        .map(|column| {
            let (physical, logical, repetition) = match column.field {
                Field::Text(_) => (
                    PhysicalType::BYTE_ARRAY,
                    Some(LogicalType::String),
                    Repetition::REQUIRED,
                ),
                Field::Bool(_) => (PhysicalType::BOOLEAN, None, Repetition::REQUIRED),
                Field::Int(_) => (PhysicalType::INT32, None, Repetition::REQUIRED),
                Field::Float(_) => (PhysicalType::DOUBLE, None, Repetition::REQUIRED),
                Field::OptFloat(_) => (PhysicalType::DOUBLE, None, Repetition::OPTIONAL),
                Field::OptUInt(_) => (
                    PhysicalType::INT32,
                    Some(LogicalType::Integer(IntType {
                        bit_width: 32,
                        is_signed: false,
                    })),
                    Repetition::OPTIONAL,
                ),
                Field::OptDate(_) => (
                    PhysicalType::INT32,
                    Some(LogicalType::Date),
                    Repetition::OPTIONAL,
                ),
            };
            Type::primitive_type_builder(column.name, physical)
                .with_logical_type(logical)
                .with_repetition(repetition)
                .build()
                .map(Arc::new)
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Type::group_type_builder("event")
        .with_fields(fields)
        .build()?)
}

fn write_column(
    writer: &mut SerializedColumnWriter<'_>,
    field: Field,
    rows: &[EventRow],
) -> anyhow::Result<()> {
    match field {
        Field::Text(get) => {
            let values: Vec<ByteArray> = rows.iter().map(|r| ByteArray::from(get(r))).collect();
            writer
                .typed::<ByteArrayType>()
                .write_batch(&values, None, None)?;
        }
        Field::Bool(get) => {
            let values: Vec<bool> = rows.iter().map(get).collect();
            writer
                .typed::<BoolType>()
                .write_batch(&values, None, None)?;
        }
        Field::Int(get) => {
            let values: Vec<i32> = rows.iter().map(get).collect();
            writer
                .typed::<Int32Type>()
                .write_batch(&values, None, None)?;
        }
        Field::Float(get) => {
            let values: Vec<f64> = rows.iter().map(get).collect();
            writer
                .typed::<DoubleType>()
                .write_batch(&values, None, None)?;
        }
        Field::OptFloat(get) => write_nullable(writer.typed::<DoubleType>(), rows.iter().map(get))?,
        // Parquet keeps unsigned 32-bit integers in INT32 with the same bits.
        Field::OptUInt(get) => write_nullable(
            writer.typed::<Int32Type>(),
            rows.iter().map(|r| get(r).map(u32::cast_signed)),
        )?,
        Field::OptDate(get) => write_nullable(
            writer.typed::<Int32Type>(),
            rows.iter().map(|r| get(r).map(|d| d.to_epoch_days())),
        )?,
    }
    Ok(())
}

/// Writes present values densely with a definition level per row (0 marks a null).
fn write_nullable<T: DataType>(
    writer: &mut ColumnWriterImpl<'_, T>,
    values: impl Iterator<Item = Option<T::T>>,
) -> anyhow::Result<()> {
    let mut present = Vec::new();
    let mut levels = Vec::new();
    for value in values {
        levels.push(i16::from(value.is_some()));
        present.extend(value);
    }
    writer.write_batch(&present, Some(&levels), None)?;
    Ok(())
}
