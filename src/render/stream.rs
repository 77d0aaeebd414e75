//! Pretty JSON arrays written one item at a time, laid out as serde_json's
//! pretty printer lays out a whole value, so a log need not hold a run's
//! results until the end (SARIF, rdjson).

use std::io::{self, Write};

use serde::Serialize;

/// An array and the document text before it (`head`, ending in `[`),
/// written when the first item comes or the array closes empty.
pub struct PrettyArray {
    head: String,
    /// Where each item starts; the closing `]` is one level (two spaces) out.
    indent: &'static str,
    opened: bool,
    written: usize,
}

impl PrettyArray {
    pub fn new(head: String, indent: &'static str) -> Self {
        PrettyArray {
            head,
            indent,
            opened: false,
            written: 0,
        }
    }

    fn open(&mut self, out: &mut dyn Write) -> io::Result<()> {
        if !self.opened {
            self.opened = true;
            out.write_all(self.head.as_bytes())?;
        }
        Ok(())
    }

    pub fn push(&mut self, out: &mut dyn Write, item: &impl Serialize) -> io::Result<()> {
        self.open(out)?;
        out.write_all(if self.written == 0 { b"\n" } else { b",\n" })?;
        write_indented(out, item, self.indent)?;
        self.written += 1;
        Ok(())
    }

    /// The closing `]`: on a line of its own after items, `[]` without.
    pub fn close(&mut self, out: &mut dyn Write) -> io::Result<()> {
        self.open(out)?;
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
            let mut array = PrettyArray::new("{\n  \"items\": [".into(), "    ");
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
