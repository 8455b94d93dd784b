"""Copy what the Lambda functions run into a build directory: the runtime packages and nothing else.

``sam build`` builds each function with ``make build-<Function>`` (``BuildMethod: makefile`` in
``template.yaml``): the Makefile installs ``requirements.txt`` for the Lambda runtime into
``$ARTIFACTS_DIR``, then runs ``python -m scripts.package_lambda "$ARTIFACTS_DIR"``. The repository
also holds tests, benchmarks, the local runner and its state (``.local/``), documentation and tool
caches; none of that belongs in a function package, and the default Python builder copied all of it.

Then, run by the runtime's own Python version, ``--compile-for 3.12`` byte-compiles the whole package.
Lambda's code directory is read-only, so without bytecode in the package every cold start compiles
every module it imports again: importing the skill's entry point takes about 1.0 s that way and 0.4 s
with bytecode (Python 3.12 here). The bytecode is "unchecked-hash" based: it does not depend on the
file times, which the zip file does not keep exactly.
"""

from __future__ import annotations

import argparse
import compileall
import py_compile
import shutil
import sys
from pathlib import Path

__all__ = ["RUNTIME_PACKAGES", "compile_package", "package"]

ROOT = Path(__file__).resolve().parent.parent
#: The packages the functions import (their handlers are in ``skill``).
RUNTIME_PACKAGES = ("skill", "handlers", "catalog", "reorder", "orders", "events")
# Inside those packages: the local runner (``make run``) is not part of any function.
_LEFT_OUT = ("skill/local",)
_IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc", ".*")


def package(target: Path, *, source: Path = ROOT) -> list[str]:
    """Copy the runtime packages from ``source`` into ``target``; return the top-level names copied.

    Each package replaces any earlier copy in ``target``, so running it twice gives the same tree.
    """
    target.mkdir(parents=True, exist_ok=True)
    for name in RUNTIME_PACKAGES:
        destination = target / name
        if destination.exists():
            shutil.rmtree(destination)
        shutil.copytree(source / name, destination, ignore=_IGNORED)
    for left_out in _LEFT_OUT:
        shutil.rmtree(target / left_out, ignore_errors=True)
    return list(RUNTIME_PACKAGES)


def compile_package(target: Path, *, runtime: str) -> bool:
    """Byte-compile every module under ``target`` if this interpreter is the runtime's version.

    ``runtime`` is the Lambda runtime's Python version ("3.12"). Bytecode of another version would
    be ignored there, so nothing is compiled then, and the answer is ``False``.
    """
    if f"{sys.version_info.major}.{sys.version_info.minor}" != runtime:
        return False
    return compileall.compile_dir(
        target,
        quiet=1,
        workers=0,
        invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("target", type=Path, help="the function's build directory ($ARTIFACTS_DIR)")
    parser.add_argument(
        "--compile-for", metavar="VERSION", help="only byte-compile the target, for this Python version (3.12)"
    )
    args = parser.parse_args(argv)
    if args.compile_for:
        if not compile_package(args.target, runtime=args.compile_for):
            print(f"not byte-compiled: this is Python {sys.version.split()[0]}, the runtime is {args.compile_for}")
            return 1
        print(f"byte-compiled {args.target} for Python {args.compile_for}")
        return 0
    copied = package(args.target)
    print(f"packaged {', '.join(copied)} into {args.target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
