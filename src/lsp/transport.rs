//! The stdio transport: `Content-Length` frames in and out, with malformed
//! input reported to the server loop instead of ending the connection.
//!
//! lsp-server's own stdio transport stops reading at the first frame that is
//! not a JSON-RPC message; an editor that sends one bad frame would then lose
//! its linter without a word. Here a reader thread parses frames and passes
//! every message on; a frame it cannot use becomes a
//! [`MALFORMED`] notification (a `$/` method, which clients never rely on),
//! so the loop can answer or log it and keep serving. A writer thread frames
//! the loop's outgoing messages onto stdout: the only place the library
//! writes there.

use std::io::{self, BufRead, Read, Write};
use std::thread;

use crossbeam_channel::{bounded, Sender};
use lsp_server::{Connection, Message, Notification, RequestId};
use serde::{Deserialize, Serialize};

/// The notification the reader sends in place of a frame it could not parse.
pub const MALFORMED: &str = "$/candor/malformedMessage";

/// Frames larger than this are skipped unread rather than buffered.
const MAX_FRAME: usize = 64 << 20;

/// How many parsed messages may wait for the server loop: enough to drain a
/// burst of edits in one go, few enough that a stuck loop pushes back on the client.
const QUEUE: usize = 256;

/// What the reader could not use, and the request id if one could be read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Malformed {
    pub error: String,
    pub id: Option<RequestId>,
}

/// The transport's threads; [`IoThreads::join`] waits until every outgoing
/// message is written.
pub struct IoThreads {
    writer: thread::JoinHandle<io::Result<()>>,
}

impl IoThreads {
    /// Wait for the writer to flush; call after the connection is dropped.
    pub fn join(self) -> io::Result<()> {
        self.writer
            .join()
            .unwrap_or_else(|_| Err(io::Error::other("the LSP writer thread panicked")))
    }
}

/// A connection over this process's stdin and stdout.
pub fn stdio() -> (Connection, IoThreads) {
    let (to_writer, from_loop) = bounded::<Message>(QUEUE);
    let (to_loop, from_reader) = bounded::<Message>(QUEUE);
    let writer = thread::Builder::new()
        .name("candor-lsp-writer".into())
        .spawn(move || {
            let stdout = io::stdout();
            let mut out = stdout.lock();
            for message in from_loop {
                message.write(&mut out)?;
            }
            out.flush()
        })
        .expect("spawning a thread");
    thread::Builder::new()
        .name("candor-lsp-reader".into())
        .spawn(move || {
            let stdin = io::stdin();
            read_loop(&mut stdin.lock(), &to_loop);
        })
        .expect("spawning a thread");
    (
        Connection {
            sender: to_writer,
            receiver: from_reader,
        },
        IoThreads { writer },
    )
}

/// Read frames until end of input, a read error, the `exit` notification, or
/// the loop hanging up.
pub fn read_loop(input: &mut dyn BufRead, to_loop: &Sender<Message>) {
    loop {
        let (message, last) = match read_frame(input) {
            Ok(Some(Ok(message))) => {
                let exit = matches!(&message, Message::Notification(n) if n.method == "exit");
                (message, exit)
            }
            Ok(Some(Err(malformed))) => (malformed_notification(malformed), false),
            Ok(None) => return,
            Err(err) => {
                let malformed = Malformed {
                    error: format!("cannot read from the client: {err}"),
                    id: None,
                };
                (malformed_notification(malformed), true)
            }
        };
        if to_loop.send(message).is_err() || last {
            return;
        }
    }
}

fn malformed_notification(malformed: Malformed) -> Message {
    Message::Notification(Notification::new(MALFORMED.into(), malformed))
}

/// One frame: `Ok(None)` at end of input, `Ok(Some(Err))` for a frame that
/// is not a message, `Err` for an I/O failure.
fn read_frame(input: &mut dyn BufRead) -> io::Result<Option<Result<Message, Malformed>>> {
    let mut length: Option<usize> = None;
    let mut saw_header = false;
    let mut line = Vec::new();
    loop {
        line.clear();
        if input.read_until(b'\n', &mut line)? == 0 {
            return Ok(None);
        }
        // Bytes, not `read_line`: a header line that is not UTF-8 is garbage
        // to skip, not a read error.
        let header = String::from_utf8_lossy(&line);
        let header = header.trim_end_matches(['\r', '\n']);
        if header.is_empty() {
            if saw_header {
                break;
            }
            continue;
        }
        saw_header = true;
        // Found anywhere in the line, so that garbage before a header (the
        // unterminated tail of a bad frame) does not lose the next message.
        if let Some(at) = header.to_ascii_lowercase().find("content-length:") {
            length = header[at + "content-length:".len()..].trim().parse().ok();
        }
    }
    let Some(length) = length else {
        return Ok(Some(Err(Malformed {
            error: "a frame without a valid Content-Length header".into(),
            id: None,
        })));
    };
    if length > MAX_FRAME {
        io::copy(&mut input.take(length as u64), &mut io::sink())?;
        return Ok(Some(Err(Malformed {
            error: format!("a frame of {length} bytes (the limit is {MAX_FRAME}); skipped"),
            id: None,
        })));
    }
    let mut body = vec![0; length];
    input.read_exact(&mut body)?;
    Ok(Some(parse(&body)))
}

/// A frame's body as a message, or what is wrong with it.
fn parse(body: &[u8]) -> Result<Message, Malformed> {
    let value: serde_json::Value = serde_json::from_slice(body).map_err(|err| Malformed {
        error: format!("invalid JSON: {err}"),
        id: None,
    })?;
    let id = value
        .get("id")
        .and_then(|id| serde_json::from_value::<RequestId>(id.clone()).ok());
    serde_json::from_value::<Message>(value).map_err(|err| Malformed {
        error: format!("not a JSON-RPC message: {err}"),
        id,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frames(body: &[&str]) -> Vec<u8> {
        body.iter()
            .flat_map(|b| format!("Content-Length: {}\r\n\r\n{b}", b.len()).into_bytes())
            .collect()
    }

    fn read_all(bytes: &[u8]) -> Vec<Message> {
        let (tx, rx) = bounded(16);
        read_loop(&mut io::Cursor::new(bytes), &tx);
        drop(tx);
        rx.into_iter().collect()
    }

    #[test]
    fn bad_frames_become_notifications_and_reading_goes_on() {
        let mut bytes = frames(&[
            "{not json",
            r#"{"jsonrpc":"2.0","id":7,"method":5}"#,
            r#"{"jsonrpc":"2.0","id":8,"method":"shutdown"}"#,
        ]);
        bytes.extend_from_slice(b"garbage \xff without length\r\n\r\n");
        bytes.extend(frames(&[r#"{"jsonrpc":"2.0","method":"exit"}"#, "{}"]));
        let got = read_all(&bytes);
        let methods: Vec<String> = got
            .iter()
            .map(|m| match m {
                Message::Request(r) => r.method.clone(),
                Message::Notification(n) => n.method.clone(),
                Message::Response(_) => "response".into(),
            })
            .collect();
        assert_eq!(methods, [MALFORMED, MALFORMED, "shutdown", MALFORMED, "exit"]);
        let Message::Notification(n) = &got[1] else {
            unreachable!()
        };
        let malformed: Malformed = serde_json::from_value(n.params.clone()).unwrap();
        assert_eq!(malformed.id, Some(RequestId::from(7)));
    }

    #[test]
    fn oversized_frames_are_skipped() {
        let mut bytes = format!("Content-Length: {}\r\n\r\n", MAX_FRAME + 1).into_bytes();
        bytes.resize(bytes.len() + MAX_FRAME + 1, b' ');
        bytes.extend(frames(&[r#"{"jsonrpc":"2.0","method":"exit"}"#]));
        let got = read_all(&bytes);
        assert_eq!(got.len(), 2);
        assert!(matches!(&got[1], Message::Notification(n) if n.method == "exit"));
    }
}
