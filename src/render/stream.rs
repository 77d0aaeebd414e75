//! Pretty JSON arrays written one item at a time, laid out as serde_json's
//! pretty printer lays out a whole value, so a log need not hold a run's
//! results until the end (SARIF, rdjson).

use std::io::{self, Write};

use serde::Serialize;

/// An array whose `[` the caller has written; items follow as they come.
pub struct PrettyArray {
    /// Where each item starts; the closing `]` is one level (two spaces) out.
    indent: &'static str,
    written: usize,
}

impl PrettyArray {
    pub fn new(indent: &'static str) -> Self {
        PrettyArray { indent, written: 0 }
    }

    pub fn push(&mut self, out: &mut dyn Write, item: &impl Serialize) -> io::Result<()> {
        out.write_all(if self.written == 0 { b"\n" } else { b",\n" })?;
        write_indented(out, item, self.indent)?;
        self.written += 1;
        Ok(())
    }

    /// The closing `]`: on a line of its own after items, `[]` without.
    pub fn close(&self, out: &mut dyn Write) -> io::Result<()> {
        if self.written > 0 {
            write!(out, "\n{}", &self.indent[2.min(self.indent.len())..])?;
        }
        out.write_all(b"]")
    }
}

/// `value` as pretty JSON, each line indented by `indent` (JSON strings
/// hold no raw line breaks, so every line is the value's own).
pub fn write_indented(out: &mut dyn Write, value: &impl Serialize, indent: &str) -> io::Result<()> {
    let text = serde_json::to_string_pretty(value)?;
    for (i, line) in text.lines().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        write!(out, "{indent}{line}")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::*;

    /// Written item by item, the document reads as serde_json would print it whole.
    #[test]
    fn lays_out_as_the_pretty_printer_does() {
        for items in [
            vec![],
            vec![json!({"a": [1, "x\ny"]})],
            vec![json!(1), json!({"b": {}})],
        ] {
            let mut out = Vec::new();
            out.extend_from_slice(b"{\n  \"items\": [");
            let mut array = PrettyArray::new("    ");
            for item in &items {
                array.push(&mut out, item).unwrap();
            }
            array.close(&mut out).unwrap();
            out.extend_from_slice(b"\n}");
            let whole = serde_json::to_string_pretty(&json!({ "items": Value::Array(items) })).unwrap();
            assert_eq!(String::from_utf8(out).unwrap(), whole);
        }
    }
}
