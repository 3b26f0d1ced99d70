"""`phb-sim app` in a real browser: it serves, renders a non-blank page, logs no errors.

The test starts the server on a free loopback port and headless Chromium with a fresh
profile, drives it over the DevTools protocol (websocket-client), and always stops both.
"""

from __future__ import annotations

import base64
import io
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from sim.reporting.browser import FLAGS, find_chromium

CHROMIUM = find_chromium()
# The report's offline switches, less its host-name block (the page is served on loopback).
CHROMIUM_FLAGS = (
    *(flag for flag in FLAGS if not flag.startswith("--host-resolver-rules")),
    "--window-size=1400,1100",
)
START_TIMEOUT = 120.0  # the server imports Mesa, solara and builds a model on a shared machine
RENDER_TIMEOUT = 120.0

# CI installs Chromium (.ci/run), so there a missing browser fails rather than skips.
pytestmark = pytest.mark.skipif(
    CHROMIUM is None and not os.environ.get("CI"), reason="Chromium is not installed"
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_http(url: str, proc: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"the server exited with code {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise AssertionError(f"{url} did not answer within {timeout:.0f} s")


def wait_for_text(devtools: DevTools, wanted: str, timeout: float) -> str:
    deadline = time.monotonic() + timeout
    text = ""
    while time.monotonic() < deadline:
        text = devtools.evaluate("document.body ? document.body.innerText : ''") or ""
        if wanted in text:
            return text
        time.sleep(1.0)
    raise AssertionError(
        f"{wanted!r} not shown within {timeout:.0f} s; the page shows {text[:300]!r}"
    )


def stop(proc: subprocess.Popen | None) -> None:
    if proc is None or proc.poll() is not None:
        return
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=15)


class DevTools:
    """A minimal DevTools protocol client for one page target."""

    def __init__(self, ws_url: str) -> None:
        import websocket

        self.ws = websocket.create_connection(ws_url, timeout=30, suppress_origin=True)
        self.next_id = 0
        self.events: list[dict] = []

    def call(self, method: str, **params) -> dict:
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise AssertionError(f"{method}: {message['error']}")
                return message.get("result", {})
            self.events.append(message)

    def evaluate(self, expression: str):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return result.get("result", {}).get("value")

    def errors(self) -> list[str]:
        found = []
        for e in self.events:
            method, params = e.get("method"), e.get("params", {})
            if method == "Runtime.exceptionThrown":
                found.append(str(params.get("exceptionDetails", {}).get("text")))
            elif method == "Runtime.consoleAPICalled" and params.get("type") == "error":
                found.append(" ".join(str(a.get("value", a)) for a in params.get("args", [])))
            elif method == "Log.entryAdded" and params.get("entry", {}).get("level") == "error":
                entry = params["entry"]
                found.append(f"{entry.get('text')} {entry.get('url', '')}")
        return found

    def close(self) -> None:
        self.ws.close()


def test_phb_sim_app_serves_and_renders_in_chromium(tmp_path: Path):
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    server = browser = devtools = None
    server_log = tmp_path / "server.log"
    try:
        with server_log.open("wb") as log:
            server = subprocess.Popen(
                [sys.executable, "-m", "sim.cli", "app", "--port", str(port)],
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        wait_for_http(url, server, START_TIMEOUT)

        browser = subprocess.Popen(
            [
                CHROMIUM,
                *CHROMIUM_FLAGS,
                f"--user-data-dir={tmp_path / 'profile'}",
                "--remote-debugging-port=0",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        debug_port = None
        deadline = time.monotonic() + 60
        while debug_port is None and time.monotonic() < deadline:
            line = browser.stderr.readline()
            if not line and browser.poll() is not None:
                break
            match = re.search(r"DevTools listening on ws://127\.0\.0\.1:(\d+)/", line)
            if match:
                debug_port = int(match.group(1))
        assert debug_port, "Chromium did not open its DevTools port"
        with urllib.request.urlopen(f"http://127.0.0.1:{debug_port}/json/list", timeout=10) as r:
            pages = [t for t in json.load(r) if t.get("type") == "page"]
        devtools = DevTools(pages[0]["webSocketDebuggerUrl"])
        for domain in ("Page", "Runtime", "Log"):
            devtools.call(f"{domain}.enable")
        devtools.call("Page.navigate", url=url)

        text = wait_for_text(devtools, "Family inspector", RENDER_TIMEOUT)
        assert "Who carries the care" in text and "Levers" in text, text[:500]
        # The views fill from the first recorded week: step the model twice, as a student
        # would, and wait for the three charts.
        for _ in range(2):
            clicked = devtools.evaluate(
                "(() => { const b = Array.from(document.querySelectorAll('button'))"
                ".find(b => b.innerText.trim() === 'STEP' || b.innerText.trim() === 'Step');"
                " if (b) { b.click(); return true; } return false; })()"
            )
            assert clicked, "no Step button"
            time.sleep(1.0)
        wait_for_text(devtools, "recorded weeks so far", RENDER_TIMEOUT)
        deadline = time.monotonic() + RENDER_TIMEOUT
        while time.monotonic() < deadline:
            if devtools.evaluate("document.querySelectorAll('.vega-embed').length") >= 3:
                break
            time.sleep(1.0)
        # Let the charts draw, then check the page is not blank and nothing went wrong.
        time.sleep(2.0)
        drawn = devtools.evaluate(
            "Array.from(document.querySelectorAll('.vega-embed canvas, .vega-embed svg'))"
            ".filter(e => e.getBoundingClientRect().width > 50).length"
        )
        assert drawn >= 3, f"{drawn} charts drawn"
        shot = devtools.call("Page.captureScreenshot", format="png")["data"]
        (tmp_path / "page.png").write_bytes(base64.b64decode(shot))  # kept for a look
        from matplotlib.image import imread

        pixels = imread(io.BytesIO(base64.b64decode(shot)), format="png")
        assert pixels.std() > 0.05, "the screenshot is blank"
        assert devtools.errors() == []
    finally:
        if devtools is not None:
            devtools.close()
        stop(browser)
        stop(server)
    log_text = server_log.read_text(errors="replace")
    assert "Traceback" not in log_text and "Could not load URL" not in log_text, log_text
