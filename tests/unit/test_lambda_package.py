"""What `sam build` puts in each function package: the runtime code with its bytecode, nothing else."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from scripts.package_lambda import RUNTIME_PACKAGES, compile_package, package
from skill.tables import read_template

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def packaged(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("artifacts")
    package(target, source=ROOT)
    return target


def test_every_function_is_built_by_the_makefile_for_the_template_runtime() -> None:
    # GIVEN the template and the Makefile
    template = read_template(ROOT / "template.yaml")
    makefile = (ROOT / "Makefile").read_text()
    functions = [name for name, r in template["Resources"].items() if r["Type"] == "AWS::Serverless::Function"]
    listed = re.search(r"^LAMBDA_FUNCTIONS := (.+)$", makefile, re.MULTILINE)
    version = re.search(r"^LAMBDA_PYTHON := (.+)$", makefile, re.MULTILINE)
    # WHEN their build settings are compared
    # THEN every function is built by `make build-<Function>`, for the runtime the template declares
    assert functions
    assert all(template["Resources"][name]["Metadata"]["BuildMethod"] == "makefile" for name in functions)
    assert listed is not None and set(listed.group(1).split()) == set(functions)
    assert version is not None
    assert template["Globals"]["Function"]["Runtime"] == f"python{version.group(1)}"


def test_a_package_holds_the_runtime_packages_and_no_tests_benchmarks_or_local_runner(packaged: Path) -> None:
    # GIVEN the repository packaged for a function
    # WHEN its tree is listed
    top = sorted(p.name for p in packaged.iterdir())
    everything = [p.relative_to(packaged).as_posix() for p in packaged.rglob("*")]
    # THEN it holds the runtime packages only: no tests, benchmarks, local runner, caches or local state
    assert top == sorted(RUNTIME_PACKAGES)
    assert (packaged / "skill" / "alexa_app.py").is_file()
    assert (packaged / "catalog" / "data" / "demo_catalog.json").is_file()
    assert not (packaged / "skill" / "local").exists()
    assert not [p for p in everything if "__pycache__" in p or "/." in f"/{p}"]


def test_the_function_handlers_import_from_the_package_alone(packaged: Path) -> None:
    # GIVEN the packaged tree first on the path (the dependencies come from this environment)
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]);"
        "import skill.alexa_app, skill.events_app, skill.reorder_app, skill.refit_app;"
        "print(skill.alexa_app.__file__)"
    )
    env = {**os.environ, "SKILL_ID": "amzn1.ask.skill.test", "PANTRY_TABLE": "t", "POWERTOOLS_LOG_LEVEL": "ERROR"}
    # WHEN every handler module is imported in a fresh interpreter, away from the repository
    done = subprocess.run(
        [sys.executable, "-I", "-c", code, str(packaged)],
        cwd=packaged.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    # THEN it imports, from the package
    assert done.returncode == 0, done.stderr
    assert Path(done.stdout.strip()).is_relative_to(packaged)


def test_the_package_is_byte_compiled_without_depending_on_file_times(tmp_path: Path) -> None:
    # GIVEN a packaged tree and this interpreter's version as the runtime's
    package(tmp_path, source=ROOT)
    runtime = f"{sys.version_info.major}.{sys.version_info.minor}"
    # WHEN it is compiled
    assert compile_package(tmp_path, runtime=runtime)
    # THEN every module has bytecode for this version, checked by nothing (Lambda cannot rewrite it and
    # the zip file does not keep file times exactly)
    modules = list(tmp_path.rglob("*.py"))
    assert modules
    for module in modules:
        cached = Path(importlib.util.cache_from_source(str(module)))
        header = cached.read_bytes()[:8]
        assert int.from_bytes(header[4:8], "little") == 0b01, module  # hash-based, source not checked


def test_no_bytecode_is_made_by_another_python_version(tmp_path: Path) -> None:
    # GIVEN a packaged tree and a runtime that is not this interpreter's version
    package(tmp_path, source=ROOT)
    # WHEN it is compiled for that runtime
    compiled = compile_package(tmp_path, runtime="2.7")
    # THEN nothing is compiled: bytecode of this version would be ignored there
    assert compiled is False
    assert not list(tmp_path.rglob("*.pyc"))
