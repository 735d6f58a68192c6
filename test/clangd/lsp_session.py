#!/usr/bin/env python3
"""Drives a language server (leakguard-clangd) over stdio, step by step, and
prints what it answers as plain lines for FileCheck.

Usage:
  lsp_session.py --server BIN [--server-arg ARG]... --root DIR STEP...

Steps, run in order:
  open:FILE        didOpen FILE (relative to --root); print its diagnostics
  fix:FILE:CODE    ask for code actions at the first diagnostic of FILE whose
                   code is CODE, print them, apply the quick fix's
                   WorkspaceEdit, send the new text with didChange, print the
                   new diagnostics and write the new text back to FILE
  diags:FILE       wait for diagnostics that the server publishes on its own
                   for FILE (a configuration file such as .clangd) and print them
  stderr:REGEX     print the server's stderr lines so far that match REGEX
                   (waiting, up to --timeout, for at least one)

At the end the session is shut down (shutdown, exit) and the server's exit
code printed. Any protocol error, a server that dies, or an answer that does
not come within --timeout seconds ends the script with exit code 1 and the
server's stderr.
"""

import argparse
import json
import os
import queue
import re
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request


class SessionError(Exception):
    pass


def uri_of(path):
    return "file://" + urllib.request.pathname2url(os.path.abspath(path))


def path_of(uri):
    if not uri.startswith("file://"):
        raise SessionError(f"not a file URI: {uri}")
    return urllib.parse.unquote(uri[len("file://"):])


def offset_of(text, position):
    """Offset in `text` of an LSP position (line, UTF-16 character)."""
    lines = text.split("\n")
    line = position["line"]
    if line >= len(lines):
        return len(text)
    start = sum(len(l) + 1 for l in lines[:line])
    units = 0
    column = 0
    for ch in lines[line]:
        if units >= position["character"]:
            break
        units += 2 if ord(ch) > 0xFFFF else 1
        column += 1
    return start + column


def apply_text_edits(text, edits):
    """Applies LSP TextEdits (non-overlapping, positions in the old text)."""
    spans = []
    for edit in edits:
        begin = offset_of(text, edit["range"]["start"])
        end = offset_of(text, edit["range"]["end"])
        spans.append((begin, end, edit["newText"]))
    spans.sort(key=lambda s: (s[0], s[1]))
    for (b1, e1, _), (b2, _, _) in zip(spans, spans[1:]):
        if b2 < e1:
            raise SessionError("overlapping edits in the WorkspaceEdit")
    for begin, end, new in reversed(spans):
        text = text[:begin] + new + text[end:]
    return text


def edits_by_uri(workspace_edit):
    """The TextEdits of a WorkspaceEdit, per URI (changes or documentChanges)."""
    result = {}
    for uri, edits in (workspace_edit.get("changes") or {}).items():
        result.setdefault(uri, []).extend(edits)
    for change in workspace_edit.get("documentChanges") or []:
        if "textDocument" not in change:
            raise SessionError(f"unsupported document change: {change}")
        result.setdefault(change["textDocument"]["uri"], []).extend(change["edits"])
    return result


class Server:
    def __init__(self, command, root, timeout):
        self.timeout = timeout
        self.root = root
        self.process = subprocess.Popen(
            command,
            cwd=root,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        self.messages = queue.Queue()
        self.stderr_lines = []
        self.next_id = 1
        self.diagnostics = {}  # uri -> list of publishDiagnostics params
        threading.Thread(target=self._read_stdout, daemon=True).start()
        threading.Thread(target=self._read_stderr, daemon=True).start()

    def _read_stdout(self):
        stream = self.process.stdout
        while True:
            length = None
            while True:
                line = stream.readline()
                if not line:
                    self.messages.put(None)
                    return
                line = line.strip()
                if not line:
                    break
                name, _, value = line.decode("ascii").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            if length is None:
                self.messages.put(SessionError("a message without Content-Length"))
                return
            self.messages.put(json.loads(stream.read(length)))

    def _read_stderr(self):
        for line in self.process.stderr:
            self.stderr_lines.append(line.decode("utf-8", "replace").rstrip("\n"))

    def send(self, message):
        message["jsonrpc"] = "2.0"
        body = json.dumps(message).encode("utf-8")
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def notify(self, method, params):
        self.send({"method": method, "params": params})

    def _next_message(self, deadline):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise SessionError("no answer within the timeout")
        try:
            message = self.messages.get(timeout=remaining)
        except queue.Empty:
            raise SessionError("no answer within the timeout")
        if message is None:
            raise SessionError(f"the server ended (exit code {self.process.wait()})")
        if isinstance(message, Exception):
            raise message
        self._note(message)
        return message

    def _note(self, message):
        if message.get("method") == "textDocument/publishDiagnostics":
            params = message["params"]
            self.diagnostics.setdefault(params["uri"], []).append(params)
        elif "method" in message and "id" in message:
            # A request from the server (workDoneProgress/create,
            # workspace/configuration...): answer it so that it goes on.
            self.send({"id": message["id"], "result": None})

    def request(self, method, params):
        request_id = self.next_id
        self.next_id += 1
        self.send({"id": request_id, "method": method, "params": params})
        deadline = time.monotonic() + self.timeout
        while True:
            message = self._next_message(deadline)
            if message.get("id") == request_id and "method" not in message:
                if "error" in message:
                    raise SessionError(f"{method} failed: {message['error']}")
                return message.get("result")

    def wait_diagnostics(self, uri, version=None):
        """The first publishDiagnostics for `uri` (of `version` if given)
        not yet consumed."""
        deadline = time.monotonic() + self.timeout
        while True:
            pending = self.diagnostics.get(uri, [])
            for i, params in enumerate(pending):
                if version is None or params.get("version") == version:
                    del pending[: i + 1]
                    return params
            self._next_message(deadline)


def describe_range(r):
    s, e = r["start"], r["end"]
    return f"{s['line'] + 1}:{s['character'] + 1}-{e['line'] + 1}:{e['character'] + 1}"


SEVERITY = {1: "error", 2: "warning", 3: "information", 4: "hint"}


def print_diagnostics(name, params, root):
    diags = params["diagnostics"]
    print(f"diagnostics {name} version {params.get('version')}: {len(diags)}")
    for d in sorted(diags, key=lambda d: (d["range"]["start"]["line"], d["range"]["start"]["character"])):
        print(
            f"  {describe_range(d['range'])} {SEVERITY.get(d.get('severity'), '?')} "
            f"[{d.get('code', '')}] {d.get('source', '')}: {d['message']}"
        )
        for info in d.get("relatedInformation") or []:
            where = os.path.relpath(path_of(info["location"]["uri"]), root)
            print(f"    related {where}:{describe_range(info['location']['range'])}: {info['message']}")


class Session:
    def __init__(self, server, root):
        self.server = server
        self.root = root
        self.texts = {}  # uri -> (version, text)
        self.last = {}  # uri -> last publishDiagnostics params

    def start(self):
        result = self.server.request(
            "initialize",
            {
                "processId": os.getpid(),
                "rootUri": uri_of(self.root),
                "capabilities": {
                    "textDocument": {
                        "publishDiagnostics": {
                            "relatedInformation": True,
                            "versionSupport": True,
                        },
                        "codeAction": {
                            "codeActionLiteralSupport": {
                                "codeActionKind": {"valueSet": ["quickfix", "refactor"]}
                            }
                        },
                    },
                    "workspace": {"workspaceEdit": {"documentChanges": True}},
                },
            },
        )
        info = result.get("serverInfo", {})
        print(f"server {info.get('name')}")
        self.server.notify("initialized", {})

    def open(self, name):
        path = os.path.join(self.root, name)
        with open(path, encoding="utf-8") as f:
            text = f.read()
        uri = uri_of(path)
        language = "c" if name.endswith(".c") else "cpp"
        self.texts[uri] = (1, text)
        self.server.notify(
            "textDocument/didOpen",
            {"textDocument": {"uri": uri, "languageId": language, "version": 1, "text": text}},
        )
        params = self.server.wait_diagnostics(uri, 1)
        self.last[uri] = params
        print_diagnostics(name, params, self.root)

    def fix(self, name, code):
        uri = uri_of(os.path.join(self.root, name))
        if uri not in self.last:
            raise SessionError(f"fix:{name}: the file is not open")
        found = [d for d in self.last[uri]["diagnostics"] if d.get("code") == code]
        if not found:
            raise SessionError(f"fix:{name}: no diagnostic [{code}] to fix")
        diag = found[0]
        actions = self.server.request(
            "textDocument/codeAction",
            {
                "textDocument": {"uri": uri},
                "range": diag["range"],
                "context": {"diagnostics": [diag]},
            },
        ) or []
        print(f"code actions at {describe_range(diag['range'])}: {len(actions)}")
        quick = None
        for action in actions:
            if "command" in action and isinstance(action["command"], str):
                print(f"  command: {action['title']}")
                continue
            print(f"  {action.get('kind', '?')}: {action['title']}")
            if quick is None and action.get("kind") == "quickfix" and "edit" in action:
                quick = action
        if quick is None:
            raise SessionError(f"fix:{name}: no quick fix with an edit")
        version, text = self.texts[uri]
        changes = edits_by_uri(quick["edit"])
        if set(changes) != {uri}:
            raise SessionError(f"fix:{name}: the edit touches other files: {sorted(changes)}")
        text = apply_text_edits(text, changes[uri])
        print(f"applied {len(changes[uri])} edits")
        version += 1
        self.texts[uri] = (version, text)
        self.server.notify(
            "textDocument/didChange",
            {
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": [{"text": text}],
            },
        )
        params = self.server.wait_diagnostics(uri, version)
        self.last[uri] = params
        print_diagnostics(name, params, self.root)
        with open(os.path.join(self.root, name), "w", encoding="utf-8") as f:
            f.write(text)

    def published(self, name):
        uri = uri_of(os.path.join(self.root, name))
        params = self.server.wait_diagnostics(uri)
        print_diagnostics(name, params, self.root)

    def stderr(self, pattern):
        # The server writes the line before it answers, but the reader
        # thread may not have taken it from the pipe yet: wait for one.
        regex = re.compile(pattern)
        matches = []
        deadline = time.monotonic() + self.server.timeout
        while time.monotonic() < deadline:
            matches = [l for l in list(self.server.stderr_lines) if regex.search(l)]
            if matches:
                break
            time.sleep(0.05)
        for line in matches:
            print(f"stderr: {line}")

    def stop(self):
        self.server.request("shutdown", None)
        self.server.notify("exit", None)
        try:
            code = self.server.process.wait(timeout=self.server.timeout)
        except subprocess.TimeoutExpired:
            raise SessionError("the server did not exit after 'exit'")
        print(f"server exit code {code}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--server", required=True)
    parser.add_argument("--server-arg", action="append", default=[])
    parser.add_argument("--root", required=True)
    parser.add_argument("--timeout", type=float, default=120)
    parser.add_argument("steps", nargs="+")
    args = parser.parse_args()
    root = os.path.abspath(args.root)

    server = Server([args.server, *args.server_arg], root, args.timeout)
    session = Session(server, root)
    try:
        session.start()
        for step in args.steps:
            kind, _, rest = step.partition(":")
            if kind == "open":
                session.open(rest)
            elif kind == "fix":
                name, _, code = rest.rpartition(":")
                session.fix(name, code)
            elif kind == "diags":
                session.published(rest)
            elif kind == "stderr":
                session.stderr(rest)
            else:
                raise SessionError(f"unknown step '{step}'")
            sys.stdout.flush()
        session.stop()
    except SessionError as e:
        print(f"lsp_session: error: {e}", file=sys.stderr)
        if server.process.poll() is None:
            server.process.kill()
        server.process.wait()
        time.sleep(0.1)
        print("server stderr:\n" + "\n".join(server.stderr_lines[-40:]), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
