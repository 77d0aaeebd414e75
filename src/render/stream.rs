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

    /// Where each item starts, for [`Self::render`].
    pub fn indent(&self) -> &'static str {
        self.indent
    }

    /// `items` as [`Self::push`] would write them in turn after a first
    /// item, for [`Self::push_rendered`]: so that they can be serialised
    /// on another thread.
    pub fn render<T: Serialize>(indent: &str, items: impl Iterator<Item = T>) -> io::Result<Vec<u8>> {
        let mut out = Vec::new();
        for item in items {
            out.extend_from_slice(b",\n");
            write_indented(&mut out, &item, indent)?;
        }
        Ok(out)
    }

    /// `count` items rendered by [`Self::render`].
    pub fn push_rendered(&mut self, out: &mut dyn Write, rendered: &[u8], count: usize) -> io::Result<()> {
        if count == 0 {
            return Ok(());
        }
        self.open(out)?;
        // `render` wrote a separator before the first item too.
        let rendered = match self.written {
            0 => &rendered[1..],
            _ => rendered,
        };
        out.write_all(rendered)?;
        self.written += count;
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

/// `value` as pretty JSON, each line indented by `indent`, serialised
/// straight into `out` (printing it to a string first and then writing it
/// line by line, the one-line file's SARIF log took 18% more CPU).
pub fn write_indented<W: Write + ?Sized>(out: &mut W, value: &impl Serialize, indent: &str) -> io::Result<()> {
    out.write_all(indent.as_bytes())?;
    let formatter = Indented {
        base: indent.as_bytes(),
        depth: 0,
        has_value: false,
    };
    value.serialize(&mut serde_json::Serializer::with_formatter(out, formatter))?;
    Ok(())
}

/// serde_json's pretty printer (two spaces a level), every line after the
/// first starting with `base`.
struct Indented<'a> {
    base: &'a [u8],
    depth: usize,
    has_value: bool,
}

impl Indented<'_> {
    fn new_line<W: Write + ?Sized>(&self, out: &mut W, separator: &[u8]) -> io::Result<()> {
        out.write_all(separator)?;
        out.write_all(self.base)?;
        for _ in 0..self.depth {
            out.write_all(b"  ")?;
        }
        Ok(())
    }

    fn open<W: Write + ?Sized>(&mut self, out: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        out.write_all(bracket)
    }

    fn close<W: Write + ?Sized>(&mut self, out: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            self.new_line(out, b"\n")?;
        }
        out.write_all(bracket)
    }
}

impl serde_json::ser::Formatter for Indented<'_> {
    fn begin_array<W: Write + ?Sized>(&mut self, out: &mut W) -> io::Result<()> {
        self.open(out, b"[")
    }

    fn end_array<W: Write + ?Sized>(&mut self, out: &mut W) -> io::Result<()> {
        self.close(out, b"]")
    }

    fn begin_array_value<W: Write + ?Sized>(&mut self, out: &mut W, first: bool) -> io::Result<()> {
        self.new_line(out, if first { b"\n" } else { b",\n" })
    }

    fn end_array_value<W: Write + ?Sized>(&mut self, _out: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: Write + ?Sized>(&mut self, out: &mut W) -> io::Result<()> {
        self.open(out, b"{")
    }

    fn end_object<W: Write + ?Sized>(&mut self, out: &mut W) -> io::Result<()> {
        self.close(out, b"}")
    }

    fn begin_object_key<W: Write + ?Sized>(&mut self, out: &mut W, first: bool) -> io::Result<()> {
        self.new_line(out, if first { b"\n" } else { b",\n" })
    }

    fn begin_object_value<W: Write + ?Sized>(&mut self, out: &mut W) -> io::Result<()> {
        out.write_all(b": ")
    }

    fn end_object_value<W: Write + ?Sized>(&mut self, _out: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
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

    /// Items rendered apart and pushed in runs, first or after others, lay
    /// out as items pushed one by one.
    #[test]
    fn rendered_runs_lay_out_as_items_pushed_one_by_one() {
        let items = [
            json!({"a": [1, {"b": []}]}),
            json!("x"),
            json!([]),
            json!({"c": {"d": null}}),
        ];
        let mut one_by_one = Vec::new();
        let mut array = PrettyArray::new("{\n  \"items\": [".into(), "    ");
        for item in &items {
            array.push(&mut one_by_one, item).unwrap();
        }
        array.close(&mut one_by_one).unwrap();
        for split in 0..=items.len() {
            let mut out = Vec::new();
            let mut array = PrettyArray::new("{\n  \"items\": [".into(), "    ");
            for run in [&items[..split], &items[split..]] {
                let rendered = PrettyArray::render(array.indent(), run.iter()).unwrap();
                array.push_rendered(&mut out, &rendered, run.len()).unwrap();
            }
            array.close(&mut out).unwrap();
            assert_eq!(
                String::from_utf8(out).unwrap(),
                String::from_utf8(one_by_one.clone()).unwrap(),
                "split at {split}"
            );
        }
    }
}
