"""`make lab` (the README's main command) serves JupyterLab on notebooks/, with the widgets
extension that the sliders need."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import NOTEBOOKS, ROOT

TOKEN = "audiolevels-test"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> bytes:
    req = urllib.request.Request(url, headers={"Authorization": f"token {TOKEN}"})
    with urllib.request.urlopen(req, timeout=5) as r:
        return r.read()


@pytest.fixture(scope="module")
def lab_url():
    port = _free_port()
    args = f"--no-browser --ip=127.0.0.1 --port={port} --ServerApp.token={TOKEN}"
    # VENV= the environment running these tests, so `make lab` finds it already set up.
    proc = subprocess.Popen(
        ["make", "--no-print-directory", "lab", f"VENV={sys.prefix}", f"LAB_ARGS={args}"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            if proc.poll() is not None:
                out = proc.stdout.read().decode(errors="replace")
                pytest.fail(f"make lab exited with {proc.returncode}:\n{out[-3000:]}")
            try:
                _get(url + "/api/status")
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail("JupyterLab did not answer within 90 s")
                time.sleep(0.5)
        yield url
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


def test_lab_page_is_served(lab_url):
    html = _get(lab_url + "/lab").decode()
    assert "JupyterLab" in html


def test_lab_opens_on_the_notebooks_folder(lab_url):
    listing = json.loads(_get(lab_url + "/api/contents/"))
    names = {item["name"] for item in listing["content"]}
    expected = {Path(p).name for p in NOTEBOOKS}
    assert expected and expected <= names, f"missing notebooks: {expected - names}"


def test_widgets_extension_is_installed(lab_url):
    extensions = json.loads(_get(lab_url + "/lab/api/extensions"))
    names = {e.get("name") for e in extensions}
    # listed as "@jupyter-widgets/jupyterlab-manager" or, normalised, without the "@" and "/"
    assert names & {"@jupyter-widgets/jupyterlab-manager", "jupyter-widgets-jupyterlab-manager"}, (
        sorted(names)
    )
