"""Drive headless Chromium over the DevTools protocol (websockets, already a dependency through Prefect):
load a page, record its console messages, exceptions and network requests, evaluate script, click at a point,
take a screenshot. Used by tests/test_dashboard.py and benchmarks/dashboard.py."""

from __future__ import annotations

import base64
import json
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

from websockets.sync.client import connect

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def find_chromium() -> str | None:
    for name in CHROMIUM_NAMES:
        if path := shutil.which(name):
            return path
    return None


class Page:
    """One tab of a headless Chromium started for it. `console`, `exceptions` and `requests` collect what the
    page did; `problems()` lists the console errors, uncaught exceptions and policy refusals."""

    def __init__(self, chromium: str, width: int = 1360, height: int = 1000) -> None:
        self._profile = tempfile.mkdtemp(prefix="cdp-profile-")
        self._stderr = open(Path(self._profile) / "stderr.log", "w")  # noqa: SIM115 (closed in close())
        self.proc = subprocess.Popen(
            [
                chromium,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--hide-scrollbars",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-default-apps",
                "--remote-debugging-port=0",
                f"--user-data-dir={self._profile}",
                f"--window-size={width},{height}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=self._stderr,
        )
        ws_url = None
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and self.proc.poll() is None:
            if m := re.search(r"DevTools listening on (ws://\S+)", (Path(self._profile) / "stderr.log").read_text()):
                ws_url = m.group(1)
                break
            time.sleep(0.05)
        if ws_url is None:
            self.close()
            raise RuntimeError("chromium did not start its DevTools endpoint")
        self.ws = connect(ws_url, max_size=None, open_timeout=30)
        self._id = 0
        self.console: list[dict[str, Any]] = []
        self.exceptions: list[str] = []
        self.log: list[dict[str, Any]] = []
        self.requests: list[str] = []
        target = self._call("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = self._call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.call(f"{domain}.enable")
        self.call(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
        )

    # --- protocol ------------------------------------------------------------------------------------------
    def _call(
        self, method: str, params: dict | None = None, session: str | None = None, timeout: float = 120
    ) -> dict[str, Any]:
        self._id += 1
        msg: dict[str, Any] = {"id": self._id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        self.ws.send(json.dumps(msg))
        deadline = time.monotonic() + timeout
        while True:
            reply = json.loads(self.ws.recv(timeout=max(0.1, deadline - time.monotonic())))
            if reply.get("id") == self._id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self._event(reply)

    def call(self, method: str, params: dict | None = None, timeout: float = 120) -> dict[str, Any]:
        return self._call(method, params, self.session, timeout)

    def _event(self, msg: dict[str, Any]) -> None:
        method, params = msg.get("method"), msg.get("params", {})
        if method == "Runtime.consoleAPICalled":
            text = " ".join(str(a.get("value", a.get("description", ""))) for a in params.get("args", []))
            self.console.append({"type": params.get("type"), "text": text})
        elif method == "Runtime.exceptionThrown":
            d = params.get("exceptionDetails", {})
            self.exceptions.append(d.get("exception", {}).get("description") or d.get("text", ""))
        elif method == "Log.entryAdded":
            self.log.append(params.get("entry", {}))
        elif method == "Network.requestWillBeSent":
            self.requests.append(params.get("request", {}).get("url", ""))

    def pump(self, seconds: float) -> None:
        """Let the page run for a while, collecting events."""
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            try:
                self._event(json.loads(self.ws.recv(timeout=left)))
            except TimeoutError:
                break

    # --- page ----------------------------------------------------------------------------------------------
    def open(
        self, url: str, ready: str = "document.body && document.body.dataset.ready === '1'", timeout: float = 90
    ) -> None:
        self.url = url
        self.call("Page.navigate", {"url": url})
        self.wait_for(ready, timeout)

    def wait_for(self, expression: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.eval(expression):
                return
            self.pump(0.1)
        raise TimeoutError(f"waited {timeout} s for {expression}")

    def eval(self, expression: str) -> Any:
        result = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True, "awaitPromise": True})
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result.get("result", {}).get("value")

    def click(self, x: float, y: float) -> None:
        """A real mouse click at page coordinates of the viewport (scroll the target into view first)."""
        for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
            self.call(
                "Input.dispatchMouseEvent",
                {"type": kind, "x": x, "y": y, "button": "left", "clickCount": 0 if kind == "mouseMoved" else 1},
            )
        self.pump(0.2)

    def click_selector(self, selector: str) -> None:
        """Scroll the first element matching a CSS selector into view and click its centre with the mouse."""
        box = self.eval(f"""(function () {{
            var e = document.querySelector({json.dumps(selector)}); if (!e) return null;
            e.scrollIntoView({{block: 'center'}}); var r = e.getBoundingClientRect();
            return [r.left + r.width / 2, r.top + r.height / 2]; }})()""")
        if box is None:
            raise LookupError(f"nothing matches {selector}")
        self.click(*box)

    def screenshot(self, path: Path, full_page: bool = True) -> Path:
        params: dict[str, Any] = {"format": "png"}
        if full_page:
            w, h = self.eval("[document.documentElement.scrollWidth, document.documentElement.scrollHeight]")
            params.update(captureBeyondViewport=True, clip={"x": 0, "y": 0, "width": w, "height": h, "scale": 1})
        data = self.call("Page.captureScreenshot", params)["data"]
        Path(path).write_bytes(base64.b64decode(data))
        return Path(path)

    def problems(self) -> list[str]:
        """Console errors, uncaught exceptions, and error-level log entries (CSP refusals, failed loads)."""
        out = [f"console.{c['type']}: {c['text']}" for c in self.console if c["type"] in ("error", "assert")]
        out += [f"exception: {e}" for e in self.exceptions]
        out += [f"log {e.get('source')}: {e.get('text')}" for e in self.log if e.get("level") == "error"]
        return out

    def network_requests(self) -> list[str]:
        """Requests other than the page itself and data: URLs (Chromium draws its own controls from some)."""
        return [u for u in self.requests if u != self.url and not u.startswith("data:")]

    def close(self) -> None:
        try:
            if getattr(self, "ws", None) is not None:
                self.ws.close()
        finally:
            self.proc.kill()
            self.proc.wait()
            self._stderr.close()
            shutil.rmtree(self._profile, ignore_errors=True)

    def __enter__(self) -> Page:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
