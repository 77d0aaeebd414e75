//! `candor lsp`: the language server loop.
//!
//! The server speaks LSP over stdio (see `transport`) for Markdown, HTML and
//! plain-text documents: it publishes each open document's findings as
//! diagnostics, offers code actions (the fix or suggested rewrite, the
//! missing disclosure, a suppression comment, every safe fix at once), and
//! shows a rule's explanation on hover. Configuration comes from the
//! workspace's candor.toml files (see `config`), reloaded when a watched
//! config or rule pack changes.
//!
//! # Debounce: only the latest version of a document is linted
//!
//! The loop never queues lint work. A `didChange` only applies its edits to
//! the document's text and marks the document unlinted. After handling one
//! message the loop drains every message already waiting in the transport's
//! queue (up to [`MAX_DRAIN`], so that a client that never pauses still gets
//! diagnostics) before it lints anything; only when the queue is empty does
//! it lint each document whose version has changed, once, and publish. A
//! burst of keystrokes therefore costs one lint of the final text per
//! document, and the pending work is bounded by the number of open
//! documents, not by the number of edits. A hover or code-action request
//! lints its own document first if an edit left it unlinted, so answers are
//! always about the text the client has.

pub mod actions;
pub mod config;
pub mod convert;
pub mod documents;
mod features;
pub mod transport;

use std::collections::HashMap;
use std::path::PathBuf;

use crossbeam_channel::{Receiver, Sender};
use lsp_server::{Connection, ErrorCode, Message, Notification, ProtocolError, Request, RequestId, Response};
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionParams, CodeActionProviderCapability, Diagnostic,
    DidChangeTextDocumentParams, DidChangeWatchedFilesParams, DidChangeWatchedFilesRegistrationOptions,
    DidCloseTextDocumentParams, DidOpenTextDocumentParams, DidSaveTextDocumentParams, HoverParams,
    HoverProviderCapability, InitializeParams, InitializeResult, LogMessageParams, MessageType, PositionEncodingKind,
    PublishDiagnosticsParams, Registration, RegistrationParams, SaveOptions, ServerCapabilities, ServerInfo,
    TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions, TextDocumentSyncSaveOptions,
    Unregistration, UnregistrationParams, Uri,
};
use serde::de::DeserializeOwned;

use self::config::{Settings, Workspace};
use self::documents::{Document, Documents};
use crate::position::ColumnUnit;

/// Messages handled before linting, at most, when they keep arriving.
pub const MAX_DRAIN: usize = 512;

/// The id of the file-watcher registration.
const WATCH_ID: &str = "candor-config-watch";

/// How the client ended the session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// `shutdown`, then `exit`: the process exits 0.
    Clean,
    /// `exit` without `shutdown`, or the client hung up: the process exits 1.
    WithoutShutdown,
}

/// The session could not start or the transport failed.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    #[error("LSP handshake failed: {0}")]
    Protocol(#[from] ProtocolError),
    #[error("invalid initialize parameters: {0}")]
    Initialize(serde_json::Error),
    #[error("cannot write to the client: {0}")]
    Io(#[from] std::io::Error),
}

/// Serve one client over stdin and stdout until it exits.
pub fn serve_stdio() -> Result<Exit, ServerError> {
    let (connection, io) = transport::stdio();
    let exit = serve(connection)?;
    io.join()?;
    Ok(exit)
}

/// Serve one client over `connection` until it exits.
pub fn serve(connection: Connection) -> Result<Exit, ServerError> {
    let (id, params) = connection.initialize_start()?;
    let params: InitializeParams = match serde_json::from_value(params) {
        Ok(params) => params,
        Err(err) => {
            let response = Response::new_err(id, ErrorCode::InvalidParams as i32, err.to_string());
            let _ = connection.sender.send(response.into());
            return Err(ServerError::Initialize(err));
        }
    };
    let mut server = Server::new(connection.sender.clone(), &params);
    let result = server.initialize_result();
    server.send(Response::new_ok(id, result).into());
    Ok(server.run(&connection.receiver))
}

/// Lint a document if an edit left it unlinted, and convert its findings to
/// diagnostics: the work of one re-lint (`benches/lsp_relint.rs` measures it).
pub fn relint(document: &mut Document, settings: &Settings, unit: ColumnUnit) -> Vec<Diagnostic> {
    lint_if_needed(document, settings);
    let findings = document.findings.as_deref().unwrap_or_default();
    findings
        .iter()
        .map(|f| {
            convert::diagnostic(
                &document.source,
                &document.uri,
                document.version,
                f,
                &settings.rules,
                unit,
            )
        })
        .collect()
}

fn lint_if_needed(document: &mut Document, settings: &Settings) {
    if document.findings.is_none() {
        let options = settings.options_for(document.path.as_deref());
        let output = crate::lint::lint_with(&document.source, &settings.rules, &options, &mut document.memo);
        document.findings = Some(output.findings);
    }
}

/// What the client can do, as far as the server cares.
#[derive(Debug, Clone, Default)]
struct ClientSupport {
    /// Takes `documentChanges` in workspace edits (versioned edits).
    versioned_edits: bool,
    /// Lets the server register file watchers.
    dynamic_watchers: bool,
    /// Understands watchers relative to a base folder.
    relative_patterns: bool,
}

struct Server {
    sender: Sender<Message>,
    unit: ColumnUnit,
    encoding: PositionEncodingKind,
    client: ClientSupport,
    documents: Documents,
    workspace: Workspace,
    /// Config and pack files with problem diagnostics, as last published (by URI text).
    problems: HashMap<String, (Uri, Vec<Diagnostic>)>,
    /// Problems with no file to show them on, as last logged.
    unplaced: Vec<String>,
    /// Rule folders the current watcher registration covers (`None`: none registered).
    watched: Option<Vec<PathBuf>>,
    shutdown: bool,
    next_request: u32,
}

impl Server {
    fn new(sender: Sender<Message>, params: &InitializeParams) -> Server {
        let (unit, encoding) = convert::negotiate_encoding(&params.capabilities);
        let workspace_caps = params.capabilities.workspace.as_ref();
        let watch = workspace_caps.and_then(|w| w.did_change_watched_files.as_ref());
        let client = ClientSupport {
            versioned_edits: workspace_caps
                .and_then(|w| w.workspace_edit.as_ref())
                .and_then(|e| e.document_changes)
                .unwrap_or(false),
            dynamic_watchers: watch.and_then(|w| w.dynamic_registration).unwrap_or(false),
            relative_patterns: watch.and_then(|w| w.relative_pattern_support).unwrap_or(false),
        };
        Server {
            sender,
            unit,
            encoding,
            client,
            documents: Documents::default(),
            workspace: Workspace::new(workspace_folders(params)),
            problems: HashMap::new(),
            unplaced: Vec::new(),
            watched: None,
            shutdown: false,
            next_request: 0,
        }
    }

    fn initialize_result(&self) -> InitializeResult {
        InitializeResult {
            capabilities: ServerCapabilities {
                position_encoding: Some(self.encoding.clone()),
                text_document_sync: Some(TextDocumentSyncCapability::Options(TextDocumentSyncOptions {
                    open_close: Some(true),
                    change: Some(TextDocumentSyncKind::INCREMENTAL),
                    save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                        include_text: Some(false),
                    })),
                    ..TextDocumentSyncOptions::default()
                })),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
                    code_action_kinds: Some(vec![
                        CodeActionKind::QUICKFIX,
                        CodeActionKind::from(convert::FIX_ALL_KIND),
                    ]),
                    ..CodeActionOptions::default()
                })),
                ..ServerCapabilities::default()
            },
            server_info: Some(ServerInfo {
                name: "candor".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
        }
    }

    /// Handle messages until `exit`; see the module doc for the drain-then-lint order.
    fn run(&mut self, receiver: &Receiver<Message>) -> Exit {
        while let Ok(message) = receiver.recv() {
            if let Some(exit) = self.handle(message) {
                return exit;
            }
            for _ in 0..MAX_DRAIN {
                let Ok(message) = receiver.try_recv() else { break };
                if let Some(exit) = self.handle(message) {
                    return exit;
                }
            }
            self.publish_stale();
        }
        // The client hung up without `exit`.
        if self.shutdown {
            Exit::Clean
        } else {
            Exit::WithoutShutdown
        }
    }

    fn handle(&mut self, message: Message) -> Option<Exit> {
        match message {
            Message::Request(request) => self.request(request),
            Message::Notification(notification) => return self.notification(notification),
            Message::Response(response) => {
                if let Err(error) = response.response_result {
                    self.log(
                        MessageType::WARNING,
                        format!("the client refused a request: {}", error.message),
                    );
                }
            }
        }
        None
    }

    fn request(&mut self, request: Request) {
        let id = request.id.clone();
        if self.shutdown {
            return self.reply_error(id, ErrorCode::InvalidRequest, "the server is shutting down".into());
        }
        let response = match request.method.as_str() {
            "shutdown" => {
                self.shutdown = true;
                Ok(serde_json::Value::Null)
            }
            "textDocument/hover" => params::<HoverParams>(request).map(|p| to_json(self.hover(p))),
            "textDocument/codeAction" => params::<CodeActionParams>(request).map(|p| to_json(self.code_actions(p))),
            "initialize" => Err((ErrorCode::InvalidRequest, "the server is already initialized".into())),
            method => Err((ErrorCode::MethodNotFound, format!("candor does not handle `{method}`"))),
        };
        match response {
            Ok(result) => self.send(Response::new_ok(id, result).into()),
            Err((code, message)) => self.reply_error(id, code, message),
        }
    }

    fn notification(&mut self, notification: Notification) -> Option<Exit> {
        let method = notification.method.clone();
        let result = match method.as_str() {
            "exit" => {
                return Some(if self.shutdown {
                    Exit::Clean
                } else {
                    Exit::WithoutShutdown
                })
            }
            "initialized" => {
                self.update_watchers();
                self.publish_problems();
                Ok(())
            }
            "textDocument/didOpen" => notification_params(notification).map(|p| self.did_open(p)),
            "textDocument/didChange" => notification_params(notification).map(|p| self.did_change(p)),
            "textDocument/didSave" => notification_params(notification).map(|p| self.did_save(p)),
            "textDocument/didClose" => notification_params(notification).map(|p| self.did_close(p)),
            "workspace/didChangeWatchedFiles" => notification_params(notification).map(|p| self.watched_changed(p)),
            transport::MALFORMED => notification_params(notification).map(|p| self.malformed(p)),
            // `$/cancelRequest` and the rest: requests are answered in order, nothing to cancel.
            _ => Ok(()),
        };
        if let Err(message) = result {
            self.log(MessageType::ERROR, format!("{method}: {message}"));
        }
        None
    }

    fn did_open(&mut self, params: DidOpenTextDocumentParams) {
        let item = params.text_document;
        let path = convert::uri_to_path(&item.uri);
        if let Some(format) = documents::format_of(&item.language_id, path.as_deref(), &item.uri) {
            self.documents
                .open(Document::new(item.uri, format, item.version, item.text));
        }
    }

    fn did_change(&mut self, params: DidChangeTextDocumentParams) {
        if let Some(document) = self.documents.get_mut(&params.text_document.uri) {
            document.apply_changes(params.text_document.version, params.content_changes, self.unit);
        }
    }

    fn did_save(&mut self, params: DidSaveTextDocumentParams) {
        let path = convert::uri_to_path(&params.text_document.uri);
        if path.is_some_and(|p| self.workspace.is_config_input(&p)) {
            self.reload();
        }
    }

    fn did_close(&mut self, params: DidCloseTextDocumentParams) {
        if self.documents.close(&params.text_document.uri).is_some() {
            self.publish(params.text_document.uri, Vec::new(), None);
        }
    }

    fn watched_changed(&mut self, params: DidChangeWatchedFilesParams) {
        let relevant = params
            .changes
            .iter()
            .filter_map(|change| convert::uri_to_path(&change.uri))
            .any(|path| self.workspace.is_config_input(&path));
        if relevant {
            self.reload();
        }
    }

    fn reload(&mut self) {
        self.workspace.reload();
        self.documents.invalidate();
    }

    fn malformed(&mut self, malformed: transport::Malformed) {
        self.log(
            MessageType::ERROR,
            format!("ignored a malformed message: {}", malformed.error),
        );
        if let Some(id) = malformed.id {
            self.reply_error(id, ErrorCode::InvalidRequest, malformed.error);
        }
    }

    /// Lint and publish every document the client has not seen diagnostics
    /// for, then any change in config problems.
    fn publish_stale(&mut self) {
        let mut out = Vec::new();
        for document in self.documents.iter_mut().filter(|d| d.is_stale()) {
            let settings = self.workspace.settings_for(document.path.as_deref());
            let diagnostics = relint(document, &settings, self.unit);
            document.published = Some(document.version);
            out.push((document.uri.clone(), diagnostics, document.version));
        }
        for (uri, diagnostics, version) in out {
            self.publish(uri, diagnostics, Some(version));
        }
        self.publish_problems();
        self.update_watchers();
    }

    /// Publish config and pack problems that changed since last time,
    /// clearing those that are gone.
    fn publish_problems(&mut self) {
        let mut current: HashMap<String, (Uri, Vec<Diagnostic>)> = HashMap::new();
        let mut unplaced = Vec::new();
        for problem in self.workspace.problems() {
            match problem.file.as_deref().and_then(convert::path_to_uri) {
                Some(uri) => current
                    .entry(uri.as_str().to_string())
                    .or_insert_with(|| (uri, Vec::new()))
                    .1
                    .push(convert::problem_diagnostic(problem, self.unit)),
                None => unplaced.push(problem.message.clone()),
            }
        }
        let gone: Vec<String> = self
            .problems
            .keys()
            .filter(|key| !current.contains_key(*key))
            .cloned()
            .collect();
        for key in gone {
            if let Some((uri, _)) = self.problems.remove(&key) {
                self.publish(uri, Vec::new(), None);
            }
        }
        for (key, (uri, diagnostics)) in current {
            if self.problems.get(&key).map(|(_, d)| d) != Some(&diagnostics) {
                self.problems.insert(key, (uri.clone(), diagnostics.clone()));
                self.publish(uri, diagnostics, None);
            }
        }
        if unplaced != self.unplaced {
            for message in &unplaced {
                self.log(MessageType::ERROR, message.clone());
            }
            self.unplaced = unplaced;
        }
    }

    /// Watch config files and the configured rule folders, re-registering
    /// when the folders change (clients without dynamic registration reload on save).
    fn update_watchers(&mut self) {
        if !self.client.dynamic_watchers {
            return;
        }
        let dirs = self.workspace.rule_dirs();
        if self.watched.as_ref() == Some(&dirs) {
            return;
        }
        if self.watched.is_some() {
            let params = UnregistrationParams {
                unregisterations: vec![Unregistration {
                    id: WATCH_ID.into(),
                    method: "workspace/didChangeWatchedFiles".into(),
                }],
            };
            self.client_request("client/unregisterCapability", params);
        }
        let watchers = self.workspace.watchers(self.client.relative_patterns);
        let options = DidChangeWatchedFilesRegistrationOptions { watchers };
        let params = RegistrationParams {
            registrations: vec![Registration {
                id: WATCH_ID.into(),
                method: "workspace/didChangeWatchedFiles".into(),
                register_options: serde_json::to_value(options).ok(),
            }],
        };
        self.client_request("client/registerCapability", params);
        self.watched = Some(dirs);
    }

    fn publish(&self, uri: Uri, diagnostics: Vec<Diagnostic>, version: Option<i32>) {
        let params = PublishDiagnosticsParams {
            uri,
            diagnostics,
            version,
        };
        self.send(Notification::new("textDocument/publishDiagnostics".into(), params).into());
    }

    fn log(&self, typ: MessageType, message: String) {
        let params = LogMessageParams { typ, message };
        self.send(Notification::new("window/logMessage".into(), params).into());
    }

    fn client_request(&mut self, method: &str, params: impl serde::Serialize) {
        self.next_request += 1;
        let id = RequestId::from(format!("candor-{}", self.next_request));
        self.send(Request::new(id, method.into(), params).into());
    }

    fn reply_error(&self, id: RequestId, code: ErrorCode, message: String) {
        self.send(Response::new_err(id, code as i32, message).into());
    }

    fn send(&self, message: Message) {
        // A client that hung up gets no more messages; the loop ends when its
        // side of the connection closes.
        let _ = self.sender.send(message);
    }
}

/// The folders to configure: the workspace folders, else the root.
#[allow(deprecated)]
fn workspace_folders(params: &InitializeParams) -> Vec<PathBuf> {
    match &params.workspace_folders {
        Some(folders) if !folders.is_empty() => folders.iter().filter_map(|f| convert::uri_to_path(&f.uri)).collect(),
        _ => params
            .root_uri
            .as_ref()
            .and_then(convert::uri_to_path)
            .or_else(|| params.root_path.as_ref().map(PathBuf::from))
            .into_iter()
            .collect(),
    }
}

fn params<P: DeserializeOwned>(request: Request) -> Result<P, (ErrorCode, String)> {
    serde_json::from_value(request.params).map_err(|e| (ErrorCode::InvalidParams, format!("invalid params: {e}")))
}

fn notification_params<P: DeserializeOwned>(notification: Notification) -> Result<P, String> {
    serde_json::from_value(notification.params).map_err(|e| format!("invalid params: {e}"))
}

fn to_json(value: impl serde::Serialize) -> serde_json::Value {
    serde_json::to_value(value).unwrap_or(serde_json::Value::Null)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn notification(method: &str, params: serde_json::Value) -> Message {
        Notification::new(method.into(), params).into()
    }

    /// A burst of edits already queued is linted once, at its last version.
    #[test]
    fn a_burst_of_edits_is_linted_once_at_the_latest_version() {
        let (server_side, client) = Connection::memory();
        let uri = "file:///tmp/burst.md";
        let send = |m: Message| client.sender.send(m).unwrap();
        send(Request::new(1.into(), "initialize".into(), json!({ "capabilities": {} })).into());
        send(notification("initialized", json!({})));
        send(notification(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": "markdown", "version": 1, "text": "" } }),
        ));
        let claim = "See new growth in just 4 weeks!";
        for (i, ch) in claim.char_indices() {
            send(notification(
                "textDocument/didChange",
                json!({
                    "textDocument": { "uri": uri, "version": i + 2 },
                    "contentChanges": [{
                        "range": { "start": { "line": 0, "character": i }, "end": { "line": 0, "character": i } },
                        "text": ch.to_string()
                    }]
                }),
            ));
        }
        let server = std::thread::spawn(move || serve(server_side));

        let timeout = std::time::Duration::from_secs(20);
        let mut published = Vec::new();
        while published.is_empty() {
            match client.receiver.recv_timeout(timeout).expect("the server answers") {
                Message::Notification(n) if n.method == "textDocument/publishDiagnostics" => published.push(n.params),
                _ => {}
            }
        }
        send(Request::new(2.into(), "shutdown".into(), json!(null)).into());
        send(notification("exit", json!(null)));
        assert_eq!(server.join().unwrap().unwrap(), Exit::Clean);
        while let Ok(message) = client.receiver.try_recv() {
            if let Message::Notification(n) = message {
                if n.method == "textDocument/publishDiagnostics" {
                    published.push(n.params);
                }
            }
        }
        assert_eq!(published.len(), 1, "one lint for {} edits: {published:#?}", claim.len());
        assert_eq!(published[0]["version"], claim.len() + 1);
        assert_eq!(published[0]["diagnostics"].as_array().unwrap().len(), 1);
    }
}
