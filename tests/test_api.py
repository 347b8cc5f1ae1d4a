"""grader.api: the environment and command line of a grading session."""

from __future__ import annotations

import subprocess
import sys

import pytest

from grader.api import SESSION_PLUGINS, session_env


def test_session_env_turns_plugin_autoload_off_and_keeps_the_rest(monkeypatch: pytest.MonkeyPatch) -> None:
    """A session gets the caller's environment (or the given one) with PYTEST_DISABLE_PLUGIN_AUTOLOAD=1."""
    monkeypatch.setenv("DLGRADE_PROBE", "kept")
    assert session_env()["DLGRADE_PROBE"] == "kept"
    assert session_env()["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] == "1"
    assert session_env({"ONLY": "this"}) == {"ONLY": "this", "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}


def test_a_session_loads_no_third_party_plugin_and_rewrites_no_hypothesis_module(tmp_path: object) -> None:
    """A session has neither hypothesis's nor anyio's pytest plugin, and rewrites no hypothesis module.

    Assertion rewriting is costly where bytecode is not cached. With autoload on, the same probe
    sees 73 hypothesis modules rewritten and both plugins loaded.
    """
    probe = (
        "import sys, pytest\n"
        "class Probe:\n"
        "    def pytest_sessionfinish(self, session):\n"
        "        pm = session.config.pluginmanager\n"
        "        rewritten = [m for m, mod in sys.modules.items() if m.startswith('hypothesis')\n"
        "                     and type(getattr(mod, '__loader__', None)).__name__ == 'AssertionRewritingHook']\n"
        "        print('PROBE', pm.has_plugin('_hypothesis_pytestplugin'), pm.has_plugin('anyio'), len(rewritten))\n"
        "sys.exit(pytest.main(['-q', '--co', '-p', 'no:cacheprovider', *sys.argv[1:]], plugins=[Probe()]))\n"
    )
    env = session_env()
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    proc = subprocess.run([sys.executable, "-c", probe, *SESSION_PLUGINS, "-p", "grader.plugin"], capture_output=True,
                          text=True, env=env, cwd=str(tmp_path), check=False, timeout=120)
    line = next((x for x in proc.stdout.splitlines() if x.startswith("PROBE")), proc.stdout + proc.stderr)
    assert line == "PROBE False False 0"
