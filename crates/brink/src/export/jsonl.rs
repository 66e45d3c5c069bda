//! JSON lines: the proto3 JSON mapping of each hit, so the file reads like `--json` output.

use std::io::{BufWriter, Write};

use brink_proto::v1::EventHit;

use super::RowWriter;

pub struct JsonlWriter<W: Write> {
    out: BufWriter<W>,
}

impl<W: Write> JsonlWriter<W> {
    pub fn new(out: W) -> Self {
        JsonlWriter {
            out: BufWriter::new(out),
        }
    }
}

impl<W: Write + Send> RowWriter for JsonlWriter<W> {
    fn write(&mut self, hit: &EventHit) -> anyhow::Result<()> {
        let line = brink_proto::json::to_json("brink.v1.EventHit", hit)?;
        self.out.write_all(line.as_bytes())?;
        self.out.write_all(b"\n")?;
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> anyhow::Result<()> {
        self.out.flush()?;
        Ok(())
    }
}
